package dev.ficus.gateway.observe;

import dev.ficus.compare.analysis.VerdictPolicy;
import dev.ficus.gateway.route.MigrationRoute;
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

  public EvidenceRegistry(RouteTable table, VerdictPolicy policy, MeterRegistry meters) {
    this.policy = policy;
    for (MigrationRoute route : table.routes()) {
      routes.put(route.id(), new RouteEvidence(route, meters));
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
