package dev.ficus.replay.engine;

import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.compare.analysis.RouteStatistics;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a replay found.
 *
 * @param mode {@code live} (both sides called) or {@code recorded} (new side against recorded
 *     legacy answers)
 * @param read exchanges read from the inputs
 * @param readByRoute exchanges read, per route id (of the capture, or claimed by the
 *     configuration's routes; {@code unrouted} for neither)
 * @param replayed exchanges sent again
 * @param filtered exchanges not replayed, per reason
 * @param badLines lines or entries that could not be read
 * @param badExamples the first of them, with file and line
 * @param routes per route: the report and whether it passed
 */
public record ReplayResult(
    Instant started,
    Duration took,
    String mode,
    URI newUri,
    URI legacyUri,
    List<String> inputs,
    long read,
    Map<String, Long> readByRoute,
    long replayed,
    Map<String, Long> filtered,
    long badLines,
    List<String> badExamples,
    double maxMismatchRate,
    List<RouteResult> routes) {

  /**
   * @param report counts, mismatch rate, latency, top differences, noise and verdict
   * @param examples recent mismatches with both bodies, for a side-by-side view
   * @param passed whether its mismatch rate is within the run's maximum, over enough comparisons
   *     for a verdict (or with {@code --allow-insufficient-data})
   */
  public record RouteResult(
      RouteReport report, List<RouteStatistics.MismatchRecord> examples, boolean passed) {}

  public boolean passed() {
    return routes.stream().allMatch(RouteResult::passed);
  }

  /** Exchanges compared per second over the whole run. */
  public double throughput() {
    double seconds = took.toNanos() / 1e9;
    return seconds <= 0 ? 0 : replayed / seconds;
  }
}
