package dev.ficus.gateway.fleet;

import dev.ficus.flags.FlagSourceStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The flag source in the readiness details: a rejected, unreachable or stale source is shown, with
 * its problem and when it began, but never fails readiness, as the last good flags stay in force
 * and the gateway serves on.
 */
public final class FlagSourceHealth implements HealthIndicator {

  private final FleetControl fleet;

  public FlagSourceHealth(FleetControl fleet) {
    this.fleet = fleet;
  }

  @Override
  public Health health() {
    FlagSourceStatus status = fleet.sourceStatus();
    Health.Builder health =
        Health.up().withDetail("source", status.source()).withDetail("state", status.state());
    if (status.problem() != null) {
      health
          .withDetail("problem", status.problem())
          .withDetail("problemSince", String.valueOf(status.problemSince()))
          .withDetail("inForce", "the last good flags");
    }
    if (status.lastSuccess() != null) {
      health.withDetail("lastSuccess", status.lastSuccess().toString());
    }
    return health.build();
  }
}
