package dev.ficus.gateway.observe;

import dev.ficus.compare.analysis.VerdictPolicy;
import dev.ficus.gateway.fleet.FleetControl;
import dev.ficus.gateway.fleet.RouteControl;
import dev.ficus.gateway.fleet.StageChangeException;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.RolloutDecision;
import dev.ficus.gateway.route.RouteTable;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The evidence of every migrated route, in configuration order, and the policy that judges it. */
public final class EvidenceRegistry {

  private final Map<String, RouteEvidence> routes = new LinkedHashMap<>();
  private final VerdictPolicy policy;

  public EvidenceRegistry(
      RouteTable table, VerdictPolicy policy, MeterRegistry meters, FleetControl fleet) {
    this.policy = policy;
    for (MigrationRoute route : table.routes()) {
      RouteControl control = fleet.route(route.id()).orElseThrow();
      routes.put(
          route.id(),
          new RouteEvidence(
              route,
              meters,
              control,
              reason -> {
                try {
                  fleet.rollBack(control, RolloutDecision.Reason.GUARDRAIL, reason, "guardrail");
                } catch (StageChangeException e) {
                  // The route stopped serving users from the new side meanwhile: nothing to do.
                }
              }));
    }
  }

  public Optional<RouteEvidence> route(String id) {
    return Optional.ofNullable(routes.get(id));
  }

  public Collection<RouteEvidence> routes() {
    return routes.values();
  }

  public VerdictPolicy policy() {
    return policy;
  }

  @Override
  public String toString() {
    return "EvidenceRegistry" + routes.keySet();
  }
}
