package dev.ficus.gateway.admin;

import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.compare.analysis.Verdict;
import dev.ficus.gateway.resilience.RouteGuard;
import dev.ficus.gateway.route.MigrationRoute;
import java.util.List;
import java.util.Map;

/**
 * One route in the admin report: its configuration and its evidence.
 *
 * @param id the route id
 * @param mode legacy, shadow, canary or new
 * @param flag the deciding flag in canary mode
 * @param paths the path patterns it claims
 * @param shadow the shadow settings in force
 * @param decisions requests served per side
 * @param comparisons comparisons per outcome
 * @param skipped skipped comparisons per reason
 * @param mismatchRate mismatches among compared exchanges
 * @param topDifferences the most frequent differing paths, each with one example
 * @param noise paths set apart as noise, never hidden
 * @param noisePairs legacy/legacy pairs compared to learn noise
 * @param latency latency percentiles per side
 * @param errors calls and errors per side
 * @param verdict ready, not ready (with reasons) or insufficient data
 * @param protection the new side's circuit breaker, the rollback in force (guardrail or operator)
 *     and counts
 */
public record RouteView(
    String id,
    String mode,
    String flag,
    List<String> paths,
    ShadowView shadow,
    Map<String, Long> decisions,
    Map<String, Long> comparisons,
    Map<String, Long> skipped,
    double mismatchRate,
    List<RouteReport.PathCount> topDifferences,
    List<RouteReport.NoisePath> noise,
    long noisePairs,
    Map<String, RouteReport.Latency> latency,
    Map<String, RouteReport.Errors> errors,
    Verdict verdict,
    RouteGuard.Status protection) {

  /** The shadow settings of a route, as configured. */
  public record ShadowView(
      boolean enabled,
      double sampleRate,
      boolean writes,
      int maxInFlight,
      boolean noiseDetection) {}

  static RouteView of(MigrationRoute route, RouteReport report, RouteGuard.Status protection) {
    return new RouteView(
        route.id(),
        route.mode().configName(),
        route.flag(),
        route.paths().stream().map(Object::toString).toList(),
        new ShadowView(
            route.shadow().enabled(),
            route.shadow().sampleRate(),
            route.shadow().writes(),
            route.shadow().maxInFlight(),
            route.shadow().noiseDetection()),
        report.decisions(),
        report.outcomes(),
        report.skipped(),
        report.mismatchRate(),
        report.topDifferences(),
        report.noise(),
        report.noisePairs(),
        report.latency(),
        report.errors(),
        report.verdict(),
        protection);
  }
}
