package dev.ficus.gateway.admin;

import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.compare.analysis.Verdict;
import dev.ficus.flags.FlagDefinition;
import dev.ficus.flags.FlagSourceStatus;
import dev.ficus.gateway.autopilot.AutopilotView;
import dev.ficus.gateway.fleet.FleetControl;
import dev.ficus.gateway.fleet.RouteStage;
import dev.ficus.gateway.resilience.RouteGuard;
import dev.ficus.gateway.route.MigrationRoute;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One route in the admin report: its stage in force and where it came from, its flag as the source
 * holds it, its configuration and its evidence.
 *
 * @param id the route id
 * @param stage legacy, shadow, dual-write, canary or new: the stage in force (legacy while rolled
 *     back)
 * @param share the canary share, 0 to 100, or null
 * @param stageOrigin where the stage came from: flag, config, rollback or pending (written here,
 *     not yet read back)
 * @param shareOrigin where the share came from: flag, pending or none
 * @param mode the configured mode: the starting stage when the flag says nothing
 * @param flag the route's flag as the flag source holds it, or null without a flag
 * @param flagSource how the flag source is doing
 * @param rollback the rollback in force, or null
 * @param flagWrite a write of the route's flag that has not landed yet, or null
 * @param paths the path patterns it claims
 * @param shadow the shadow settings, and whether the route compares now
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
 * @param protection the new side's circuit breaker and the guardrails' counts
 * @param autopilot the route's autopilot: where it stands, what it waits for, its steps; null when
 *     the route has none
 * @param operation the operation these figures are of ({@code ?operation=}), or null for the whole
 *     route
 * @param operations the route's operations seen so far (SOAP, GraphQL, JSON-RPC, read requests),
 *     each with its counts and verdict
 * @param dualWrite the route's dual-write settings and how its writes sent to both sides came out;
 *     null for a route without {@code dual-write} settings
 */
public record RouteView(
    String id,
    String stage,
    Integer share,
    String stageOrigin,
    String shareOrigin,
    String mode,
    FlagView flag,
    SourceView flagSource,
    RollbackView rollback,
    FleetControl.PendingWrite flagWrite,
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
    RouteGuard.Status protection,
    AutopilotView autopilot,
    String operation,
    List<OperationView> operations,
    DualWriteView dualWrite) {

  /**
   * One operation of the route: what it is called, its comparisons, skips and mismatch rate, and
   * its verdict ({@code GET /ficus/routes/{id}?operation=NAME} has the rest).
   */
  public record OperationView(
      String name,
      Map<String, Long> comparisons,
      Map<String, Long> skipped,
      double mismatchRate,
      Verdict verdict) {

    static List<OperationView> of(Map<String, RouteReport> reports) {
      return reports.entrySet().stream()
          .map(
              e ->
                  new OperationView(
                      e.getKey(),
                      e.getValue().outcomes(),
                      e.getValue().skipped(),
                      e.getValue().mismatchRate(),
                      e.getValue().verdict()))
          .toList();
    }
  }

  /**
   * The route's flag as the flag source reports it.
   *
   * @param name the flag
   * @param known whether the source has it
   * @param enabled on or off in the environment
   * @param rollout the {@code flexibleRollout} percentage
   * @param variant the stage its variant names, or null
   * @param strategies how many strategies it has
   * @param project its Unleash project
   */
  public record FlagView(
      String name,
      boolean known,
      Boolean enabled,
      Integer rollout,
      String variant,
      Integer strategies,
      String project) {}

  /** How the flag source is doing, for every route it serves. */
  public record SourceView(String source, String state, String problem, Instant lastSuccess) {}

  /** A rollback in force. */
  public record RollbackView(
      String reason,
      String detail,
      Instant since,
      String by,
      String restoreStage,
      Integer restoreShare,
      boolean fleetWide) {}

  /** The shadow settings, and whether the route compares at its stage in force. */
  public record ShadowView(
      boolean comparing,
      boolean reverse,
      double sampleRate,
      boolean writes,
      int maxInFlight,
      boolean noiseDetection) {}

  static RouteView of(
      MigrationRoute route,
      RouteStage stage,
      FlagDefinition flag,
      FlagSourceStatus source,
      FleetControl.PendingWrite write,
      RouteReport report,
      RouteGuard.Status protection,
      AutopilotView autopilot,
      String operation,
      Map<String, RouteReport> operations,
      DualWriteView dualWrite) {
    RouteStage.Rollback rollback = stage.rollback();
    return new RouteView(
        route.id(),
        stage.stage().configName(),
        stage.share(),
        stage.stageOrigin().label(),
        stage.shareOrigin().label(),
        route.mode().configName(),
        route.flag() == null
            ? null
            : flag == null
                ? new FlagView(route.flag(), false, null, null, null, null, null)
                : new FlagView(
                    route.flag(),
                    true,
                    flag.enabled(),
                    flag.share(),
                    flag.stage() == null ? null : flag.stage().configName(),
                    flag.strategies(),
                    flag.project()),
        new SourceView(source.source(), source.state(), source.problem(), source.lastSuccess()),
        rollback == null
            ? null
            : new RollbackView(
                rollback.reason().name().toLowerCase(java.util.Locale.ROOT),
                rollback.detail(),
                rollback.since(),
                rollback.by(),
                rollback.restoreStage().configName(),
                rollback.restoreShare(),
                rollback.written()),
        write,
        route.paths().stream().map(Object::toString).toList(),
        new ShadowView(
            route.shadow().comparesAt(stage),
            route.shadow().reverse(),
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
        protection,
        autopilot,
        operation,
        OperationView.of(operations),
        dualWrite);
  }
}
