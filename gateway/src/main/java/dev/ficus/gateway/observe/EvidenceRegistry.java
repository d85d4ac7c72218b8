package dev.ficus.gateway.observe;

import dev.ficus.compare.analysis.VerdictPolicy;
import dev.ficus.compare.capture.Redaction;
import dev.ficus.evidence.BucketRecorder;
import dev.ficus.evidence.EvidenceWriter;
import dev.ficus.gateway.fleet.FleetControl;
import dev.ficus.gateway.fleet.RouteControl;
import dev.ficus.gateway.fleet.RouteStage;
import dev.ficus.gateway.fleet.StageChangeException;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.RolloutDecision;
import dev.ficus.gateway.route.RouteTable;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The evidence of every migrated route, in configuration order, and the policy that judges it. */
public final class EvidenceRegistry {

  /** How long an evidence bucket lasts at most. */
  public static final java.time.Duration BUCKET = java.time.Duration.ofSeconds(10);

  private final Map<String, RouteEvidence> routes = new LinkedHashMap<>();
  private final VerdictPolicy policy;

  /**
   * @param store where each route's evidence buckets are written; null when the store is off
   * @param replica this replica's name in the store
   * @param instance this start of the replica in the store
   * @param redaction applied to examples of differences before they are kept or stored
   */
  public EvidenceRegistry(
      RouteTable table,
      VerdictPolicy policy,
      MeterRegistry meters,
      FleetControl fleet,
      EvidenceWriter store,
      String replica,
      String instance,
      Redaction redaction) {
    this.policy = policy;
    for (MigrationRoute route : table.routes()) {
      RouteControl control = fleet.route(route.id()).orElseThrow();
      BucketRecorder buckets = null;
      if (store != null) {
        Supplier<BucketRecorder.Step> step =
            () -> {
              RouteStage now = control.current();
              return new BucketRecorder.Step(now.stage().configName(), now.share());
            };
        BucketRecorder.Step first = step.get();
        buckets =
            new BucketRecorder(
                route.id(),
                replica,
                instance,
                BUCKET,
                Clock.systemUTC(),
                first.stage(),
                first.share(),
                redaction);
        store.register(buckets);
        // Told of every change from here on, then reading the step in force: a flag source's
        // change that lands while this is built (its first read, at start) is never missed.
        BucketRecorder recorder = buckets;
        control.onChange(change -> recorder.stepNow());
        recorder.follow(step);
      }
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
              },
              buckets,
              redaction));
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
