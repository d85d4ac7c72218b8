package dev.ficus.compare.analysis;

import dev.ficus.compare.Side;
import dev.ficus.compare.capture.Redaction;
import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.noise.NoiseLearner;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.compare.outcome.SkipReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Adds up one route's decisions, calls and comparison outcomes since it started, safely from many
 * threads and in bounded memory, keeps its most recent mismatches, and reports them with a verdict.
 */
public final class RouteStatistics {

  /**
   * Distinct differing or noisy path shapes kept per route; further ones are counted under
   * "(other)".
   */
  static final int MAX_PATHS = 500;

  /** Bodies kept in a recent mismatch, each. */
  static final int MAX_EXAMPLE_BODY = 16 * 1024;

  private final String route;
  private final int recentLimit;
  private final Tally tally;
  private final Deque<MismatchRecord> recent = new ArrayDeque<>();

  public RouteStatistics(String route, int recentLimit) {
    this(route, recentLimit, null);
  }

  /**
   * @param redaction applied to the examples of differences before they are kept; null for none
   */
  public RouteStatistics(String route, int recentLimit, Redaction redaction) {
    this.route = route;
    this.recentLimit = recentLimit;
    this.tally = new Tally(MAX_PATHS, redaction);
  }

  public String route() {
    return route;
  }

  /** A request of the route was served by {@code side}. */
  public void recordDecision(Side side) {
    tally.recordDecision(side);
  }

  /** A call to {@code side} (primary or shadow) ended. */
  public void recordCall(Side side, RecordedResponse response) {
    tally.recordCall(side, response);
  }

  /** Counts a skipped comparison that never got as far as an exchange. */
  public void recordSkipped(SkipReason reason) {
    tally.recordSkipped(reason);
  }

  public void recordOutcome(RecordedExchange exchange, Outcome outcome) {
    tally.recordOutcome(exchange, outcome);
    if (outcome instanceof Outcome.Mismatch mismatch) {
      remember(MismatchRecord.of(exchange, mismatch.differences()));
    }
  }

  private void remember(MismatchRecord record) {
    synchronized (recent) {
      recent.addFirst(record);
      while (recent.size() > recentLimit) {
        recent.removeLast();
      }
    }
  }

  /** The most recent mismatches, newest first. */
  public List<MismatchRecord> recentMismatches(int limit) {
    return recentMismatches(limit, null);
  }

  /**
   * The most recent mismatches, newest first, leaving out those that differ only where legacy is
   * noisy.
   */
  public List<MismatchRecord> recentMismatches(int limit, NoiseLearner learner) {
    synchronized (recent) {
      return recent.stream()
          .filter(
              record ->
                  learner == null
                      || !record.differences().stream().allMatch(d -> learner.isNoise(d.path())))
          .limit(Math.max(0, limit))
          .toList();
    }
  }

  /** Mismatches among comparisons so far, without building a report. */
  public double mismatchRate(NoiseLearner learner) {
    return tally.mismatchRate(learner == null ? java.util.Set.of() : learner.learned().keySet());
  }

  /** The figures since the route started. */
  public Tally.Snapshot snapshot() {
    return tally.snapshot();
  }

  public RouteReport report(VerdictPolicy policy, NoiseLearner learner, int topPaths) {
    return report(policy, learner, topPaths, null);
  }

  /**
   * @param dualWrite how the route's writes sent to both sides came out, judged with the rest; null
   *     for none
   */
  public RouteReport report(
      VerdictPolicy policy, NoiseLearner learner, int topPaths, DualWriteFigures dualWrite) {
    return Reports.of(
        route,
        tally.snapshot(),
        learner == null ? java.util.Map.of() : learner.learned(),
        learner == null ? 0 : learner.pairs(),
        policy,
        topPaths,
        dualWrite);
  }

  /**
   * A recent mismatch: the request, both answers (bodies cut to {@link #MAX_EXAMPLE_BODY} bytes)
   * and the real differences.
   *
   * @param time when it happened
   * @param traceId its trace id, or null
   * @param method the request method
   * @param target path and query
   * @param servingSide the side whose answer the client got
   * @param legacyStatus legacy's status code
   * @param newStatus the new side's status code
   * @param legacyBody legacy's body as text, cut
   * @param newBody the new side's body as text, cut
   * @param differences the real differences
   */
  public record MismatchRecord(
      java.time.Instant time,
      String traceId,
      String method,
      String target,
      String servingSide,
      int legacyStatus,
      int newStatus,
      String legacyBody,
      String newBody,
      List<Difference> differences) {

    static MismatchRecord of(RecordedExchange exchange, List<Difference> differences) {
      return new MismatchRecord(
          exchange.time(),
          exchange.traceId(),
          exchange.request().method(),
          exchange.request().pathAndQuery(),
          exchange.servingSide() == null ? null : exchange.servingSide().label(),
          exchange.legacy().status(),
          exchange.fresh().status(),
          text(exchange.legacy()),
          text(exchange.fresh()),
          differences);
    }

    private static String text(RecordedResponse response) {
      byte[] bytes = response.body().bytes();
      int length = Math.min(bytes.length, MAX_EXAMPLE_BODY);
      return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
  }
}
