package dev.ficus.gateway.route;

import dev.ficus.flags.Stage;
import dev.ficus.gateway.autopilot.AutopilotSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * A validated route: what it claims, where its new side is, and how it decides.
 *
 * @param id unique route id
 * @param paths the path patterns it claims
 * @param methods the methods it claims; every method when empty
 * @param newUri base URI of the new side; null for a route that only ever serves legacy
 * @param mode the configured mode: the stage the route starts at when its flag says nothing
 * @param flag the flag deciding per user in {@link Stage#CANARY}, else null
 * @param connectTimeout connect timeout for both sides
 * @param responseTimeout response timeout for both sides
 * @param shadow calling the other side and comparing
 * @param resilience the new side's breaker, the fallback and the guardrails
 * @param capture whether and for which share of users exchanges are recorded
 * @param autopilot the autopilot's plan, {@link AutopilotSettings#off()} when off
 */
public record MigrationRoute(
    String id,
    List<PathPattern> paths,
    Set<HttpMethod> methods,
    URI newUri,
    Stage mode,
    String flag,
    Duration connectTimeout,
    Duration responseTimeout,
    ShadowSettings shadow,
    ResilienceSettings resilience,
    CaptureSettings capture,
    AutopilotSettings autopilot) {

  /** The id of the route that sends every request no migrated route claims to legacy. */
  public static final String CATCH_ALL_ID = dev.ficus.compare.config.RouteChecks.CATCH_ALL_ID;

  public MigrationRoute {
    paths = List.copyOf(paths);
    methods = Set.copyOf(methods);
  }

  /** Whether this route claims a request with this method and path. */
  public boolean claims(HttpMethod method, PathContainer path) {
    return (methods.isEmpty() || methods.contains(method))
        && paths.stream().anyMatch(pattern -> pattern.matches(path));
  }

  @Override
  public String toString() {
    return "MigrationRoute["
        + id
        + " "
        + paths
        + " "
        + (methods.isEmpty() ? "*" : methods)
        + " "
        + mode.configName()
        + (flag == null ? "" : " flag=" + flag)
        + "]";
  }
}
