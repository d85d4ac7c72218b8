package dev.ficus.compare.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A route's evidence at one moment: who served, how the comparisons came out, where the answers
 * differ, latency and errors per side, and the verdict.
 *
 * @param route the route id
 * @param decisions requests served, per side
 * @param outcomes comparisons per outcome: match, mismatch, skipped
 * @param skipped skipped comparisons per reason
 * @param mismatchRate mismatches among matches plus mismatches (0 with none)
 * @param topDifferences the most frequent differing paths (by shape), with counts and one example
 *     each
 * @param noise paths reported as noise, apart from real differences
 * @param noisePairs legacy/legacy pairs compared to learn noise
 * @param latency latency percentiles per side
 * @param errors calls and errors per side
 * @param verdict the judgement under the route's policy
 * @param dualWrite how the route's writes sent to both sides came out (stage {@code dual-write});
 *     null when the route never wrote to both sides
 */
public record RouteReport(
    String route,
    Map<String, Long> decisions,
    Map<String, Long> outcomes,
    Map<String, Long> skipped,
    double mismatchRate,
    List<PathCount> topDifferences,
    List<NoisePath> noise,
    long noisePairs,
    Map<String, Latency> latency,
    Map<String, Errors> errors,
    Verdict verdict,
    @JsonInclude(JsonInclude.Include.NON_NULL) DualWriteFigures dualWrite) {

  /** A report without dual writes. */
  public RouteReport(
      String route,
      Map<String, Long> decisions,
      Map<String, Long> outcomes,
      Map<String, Long> skipped,
      double mismatchRate,
      List<PathCount> topDifferences,
      List<NoisePath> noise,
      long noisePairs,
      Map<String, Latency> latency,
      Map<String, Errors> errors,
      Verdict verdict) {
    this(
        route,
        decisions,
        outcomes,
        skipped,
        mismatchRate,
        topDifferences,
        noise,
        noisePairs,
        latency,
        errors,
        verdict,
        null);
  }

  /** The same figures, judged. */
  public RouteReport withVerdict(Verdict judged) {
    return new RouteReport(
        route,
        decisions,
        outcomes,
        skipped,
        mismatchRate,
        topDifferences,
        noise,
        noisePairs,
        latency,
        errors,
        judged,
        dualWrite);
  }

  /** The same figures with the route's dual writes, not yet judged again. */
  public RouteReport withDualWrite(DualWriteFigures figures) {
    return new RouteReport(
        route,
        decisions,
        outcomes,
        skipped,
        mismatchRate,
        topDifferences,
        noise,
        noisePairs,
        latency,
        errors,
        verdict,
        figures);
  }

  /** Matches plus mismatches: the comparisons that count. */
  public long compared() {
    return outcomes.getOrDefault("match", 0L) + outcomes.getOrDefault("mismatch", 0L);
  }

  /**
   * One differing path shape.
   *
   * @param path the JSON Pointer shape (indexes as *), or :status, :header/NAME
   * @param kind the kind of difference seen first there
   * @param count in how many comparisons it differed
   * @param example one exchange where it did
   */
  public record PathCount(String path, String kind, long count, Example example) {}

  /**
   * One noise path shape.
   *
   * @param path the path shape
   * @param reason learned, uuid or timestamp
   * @param count in how many comparisons it was set apart as noise
   * @param learnedFrom in how many legacy/legacy pairs legacy differed there (0 when not learned)
   */
  public record NoisePath(String path, String reason, long count, long learnedFrom) {}

  /**
   * An exchange that shows a difference.
   *
   * @param time when it happened
   * @param traceId its trace id, or null
   * @param method the request method
   * @param target path and query
   * @param legacy legacy's value at the path
   * @param fresh the new side's value at the path, named {@code new} in JSON as everywhere else
   */
  public record Example(
      Instant time,
      String traceId,
      String method,
      String target,
      String legacy,
      @JsonProperty("new") String fresh) {}

  /** Latency percentiles of one side, in milliseconds. */
  public record Latency(long count, double p50Millis, double p95Millis, double p99Millis) {}

  /** Calls of one side and how many failed or answered 5xx. */
  public record Errors(long calls, long errors, double rate) {}
}
