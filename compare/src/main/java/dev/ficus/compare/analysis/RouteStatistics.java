package dev.ficus.compare.analysis;

import dev.ficus.compare.Side;
import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.noise.NoiseLearner;
import dev.ficus.compare.noise.PathShape;
import dev.ficus.compare.outcome.NoisyDifference;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.compare.outcome.SkipReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Adds up one route's decisions, calls and comparison outcomes, safely from many threads and in
 * bounded memory, and reports them with a verdict.
 */
public final class RouteStatistics {

  /**
   * Distinct differing or noisy path shapes kept per route; further ones are counted under
   * "(other)".
   */
  static final int MAX_PATHS = 500;

  /** Bodies kept in a recent mismatch, each. */
  static final int MAX_EXAMPLE_BODY = 16 * 1024;

  private static final long MAX_LATENCY_MICROS = Duration.ofMinutes(10).toNanos() / 1_000;

  private final String route;
  private final int recentLimit;
  private final Map<Side, LongAdder> decisions = new EnumMap<>(Side.class);
  private final Map<Side, LongAdder> calls = new EnumMap<>(Side.class);
  private final Map<Side, LongAdder> errors = new EnumMap<>(Side.class);
  private final Map<Side, Histogram> latency = new EnumMap<>(Side.class);
  private final Map<Outcome.Kind, LongAdder> outcomes = new EnumMap<>(Outcome.Kind.class);
  private final Map<SkipReason, LongAdder> skipped = new EnumMap<>(SkipReason.class);
  private final Map<String, PathTally> differences = new ConcurrentHashMap<>();
  private final Map<String, PathTally> noise = new ConcurrentHashMap<>();
  private final Deque<MismatchRecord> recent = new ArrayDeque<>();

  /**
   * How many mismatches differed at exactly each set of path shapes, so that a mismatch whose every
   * path is learned as noise later is counted as a match in the report. Beyond {@link #MAX_PATHS}
   * distinct sets, mismatches are counted as real, always.
   */
  private final Map<Set<String>, LongAdder> signatures = new ConcurrentHashMap<>();

  private final LongAdder unsignedMismatches = new LongAdder();

  public RouteStatistics(String route, int recentLimit) {
    this.route = route;
    this.recentLimit = recentLimit;
    for (Side side : Side.values()) {
      decisions.put(side, new LongAdder());
      calls.put(side, new LongAdder());
      errors.put(side, new LongAdder());
      latency.put(side, new ConcurrentHistogram(MAX_LATENCY_MICROS, 3));
    }
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      outcomes.put(kind, new LongAdder());
    }
    for (SkipReason reason : SkipReason.values()) {
      skipped.put(reason, new LongAdder());
    }
  }

  public String route() {
    return route;
  }

  /** A request of the route was served by {@code side}. */
  public void recordDecision(Side side) {
    decisions.get(side).increment();
  }

  /** A call to {@code side} (primary or shadow) ended. */
  public void recordCall(Side side, RecordedResponse response) {
    calls.get(side).increment();
    if (response.isError()) {
      errors.get(side).increment();
    }
    if (!response.failed() && response.latency() != null) {
      long micros = Math.max(1, Math.min(response.latency().toNanos() / 1_000, MAX_LATENCY_MICROS));
      latency.get(side).recordValue(micros);
    }
  }

  /** Counts a skipped comparison that never got as far as an exchange. */
  public void recordSkipped(SkipReason reason) {
    outcomes.get(Outcome.Kind.SKIPPED).increment();
    skipped.get(reason).increment();
  }

  public void recordOutcome(RecordedExchange exchange, Outcome outcome) {
    outcomes.get(outcome.kind()).increment();
    if (outcome instanceof Outcome.Skipped skip) {
      skipped.get(skip.reason()).increment();
    } else if (outcome instanceof Outcome.Match match) {
      tallyNoise(match.noise());
    } else if (outcome instanceof Outcome.Mismatch mismatch) {
      tallyNoise(mismatch.noise());
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Difference difference : mismatch.differences()) {
        String shape = PathShape.of(difference.path());
        if (seen.add(shape)) {
          tally(differences, shape, difference.kind().label(), null).record(exchange, difference);
        }
      }
      countSignature(Set.copyOf(seen));
      remember(MismatchRecord.of(exchange, mismatch.differences()));
    }
  }

  private void countSignature(Set<String> shapes) {
    LongAdder count = signatures.get(shapes);
    if (count == null && signatures.size() < MAX_PATHS) {
      count = signatures.computeIfAbsent(shapes, k -> new LongAdder());
    }
    if (count != null) {
      count.increment();
    } else {
      unsignedMismatches.increment();
    }
  }

  private void tallyNoise(List<NoisyDifference> noisy) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (NoisyDifference difference : noisy) {
      String shape = PathShape.of(difference.difference().path());
      if (seen.add(shape)) {
        tally(noise, shape, difference.difference().kind().label(), difference.reason())
            .count
            .increment();
      }
    }
  }

  private static PathTally tally(
      Map<String, PathTally> tallies, String shape, String kind, String reason) {
    PathTally tally = tallies.get(shape);
    if (tally != null) {
      return tally;
    }
    String key = tallies.size() < MAX_PATHS ? shape : "(other)";
    return tallies.computeIfAbsent(key, k -> new PathTally(kind, reason));
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

  public RouteReport report(VerdictPolicy policy, NoiseLearner learner, int topPaths) {
    Map<String, Long> learned = learner == null ? Map.of() : learner.learned();
    Map<String, Long> decided = new LinkedHashMap<>();
    decisions.forEach((side, count) -> decided.put(side.label(), count.sum()));
    // A mismatch whose every differing path was learned as noise after it was compared is a match.
    long onlyNoise = 0;
    for (Map.Entry<Set<String>, LongAdder> signature : signatures.entrySet()) {
      if (learned.keySet().containsAll(signature.getKey())) {
        onlyNoise += signature.getValue().sum();
      }
    }
    long matches = outcomes.get(Outcome.Kind.MATCH).sum() + onlyNoise;
    long mismatches = outcomes.get(Outcome.Kind.MISMATCH).sum() - onlyNoise;
    Map<String, Long> byOutcome = new LinkedHashMap<>();
    byOutcome.put("match", matches);
    byOutcome.put("mismatch", mismatches);
    byOutcome.put("skipped", outcomes.get(Outcome.Kind.SKIPPED).sum());
    Map<String, Long> byReason = new LinkedHashMap<>();
    skipped.forEach(
        (reason, count) -> {
          if (count.sum() > 0) {
            byReason.put(reason.label(), count.sum());
          }
        });
    double mismatchRate =
        matches + mismatches == 0 ? 0 : (double) mismatches / (matches + mismatches);
    List<RouteReport.PathCount> top =
        differences.entrySet().stream()
            .filter(e -> !learned.containsKey(e.getKey()))
            .sorted(
                Comparator.comparingLong(
                        (Map.Entry<String, PathTally> e) -> -e.getValue().count.sum())
                    .thenComparing(Map.Entry::getKey))
            .limit(topPaths)
            .map(
                e ->
                    new RouteReport.PathCount(
                        e.getKey(),
                        e.getValue().kind,
                        e.getValue().count.sum(),
                        e.getValue().example))
            .toList();
    Map<String, RouteReport.NoisePath> noisePaths = new java.util.TreeMap<>();
    noise.forEach(
        (path, tally) ->
            noisePaths.put(
                path,
                new RouteReport.NoisePath(
                    path, tally.reason, tally.count.sum(), learned.getOrDefault(path, 0L))));
    learned.forEach(
        (path, pairs) -> {
          PathTally early = differences.get(path);
          long countedBefore = early == null ? 0 : early.count.sum();
          noisePaths.merge(
              path,
              new RouteReport.NoisePath(path, "learned", countedBefore, pairs),
              (known, added) ->
                  new RouteReport.NoisePath(
                      path, known.reason(), known.count() + countedBefore, pairs));
        });
    Map<String, RouteReport.Latency> latencies = new LinkedHashMap<>();
    Map<String, RouteReport.Errors> errorRates = new LinkedHashMap<>();
    for (Side side : Side.values()) {
      Histogram histogram = latency.get(side).copy();
      latencies.put(
          side.label(),
          new RouteReport.Latency(
              histogram.getTotalCount(),
              millis(histogram, 50),
              millis(histogram, 95),
              millis(histogram, 99)));
      long sideCalls = calls.get(side).sum();
      long sideErrors = errors.get(side).sum();
      errorRates.put(
          side.label(),
          new RouteReport.Errors(
              sideCalls, sideErrors, sideCalls == 0 ? 0 : (double) sideErrors / sideCalls));
    }
    List<RouteReport.NoisePath> noiseList = List.copyOf(noisePaths.values());
    long pairs = learner == null ? 0 : learner.pairs();
    RouteReport figures =
        new RouteReport(
            route,
            decided,
            byOutcome,
            byReason,
            mismatchRate,
            top,
            noiseList,
            pairs,
            latencies,
            errorRates,
            null);
    return figures.withVerdict(Verdict.judge(figures, policy));
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0
        ? 0
        : Math.round(histogram.getValueAtPercentile(percentile) / 10.0) / 100.0;
  }

  private static final class PathTally {
    final String kind;
    final String reason;
    final LongAdder count = new LongAdder();
    volatile RouteReport.Example example;

    PathTally(String kind, String reason) {
      this.kind = kind;
      this.reason = reason;
    }

    void record(RecordedExchange exchange, Difference difference) {
      count.increment();
      if (example == null) {
        example =
            new RouteReport.Example(
                exchange.time(),
                exchange.traceId(),
                exchange.request().method(),
                exchange.request().pathAndQuery(),
                difference.legacy(),
                difference.fresh());
      }
    }
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
