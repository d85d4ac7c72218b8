package dev.ficus.compare.analysis;

import dev.ficus.compare.Side;
import dev.ficus.compare.capture.Redaction;
import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.noise.PathShape;
import dev.ficus.compare.outcome.NoisyDifference;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.compare.outcome.SkipReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A route's evidence added up, safely from many threads and in bounded memory: decisions, calls,
 * latency, comparison outcomes, differing and noisy paths, and what legacy taught about its own
 * noise. A {@link Snapshot} of it merges with others exactly (counts add, histograms add), so a
 * route's evidence since its start, in a ten-second bucket, or across a fleet is the same thing.
 */
public final class Tally {

  /** Distinct path shapes (and sets of them) kept; further ones are counted under "(other)". */
  private final int maxPaths;

  /** What an example may show: the capture's redaction, applied before anything is kept. */
  private final Redaction redaction;

  static final long MAX_LATENCY_MICROS = Duration.ofMinutes(10).toNanos() / 1_000;

  private final Map<Side, LongAdder> decisions = new EnumMap<>(Side.class);
  private final Map<Side, LongAdder> calls = new EnumMap<>(Side.class);
  private final Map<Side, LongAdder> errors = new EnumMap<>(Side.class);
  private final Map<Side, Histogram> latency = new EnumMap<>(Side.class);
  private final Map<Outcome.Kind, LongAdder> outcomes = new EnumMap<>(Outcome.Kind.class);
  private final Map<SkipReason, LongAdder> skipped = new EnumMap<>(SkipReason.class);
  private final Map<String, PathTally> differences = new ConcurrentHashMap<>();
  private final Map<String, PathTally> noise = new ConcurrentHashMap<>();
  private final Map<Set<String>, LongAdder> signatures = new ConcurrentHashMap<>();
  private final LongAdder unsignedMismatches = new LongAdder();
  private final Map<String, LongAdder> learned = new ConcurrentHashMap<>();
  private final LongAdder learnedPairs = new LongAdder();
  private final Map<String, LongAdder> dualWrites = new ConcurrentHashMap<>();

  public Tally(int maxPaths) {
    this(maxPaths, null);
  }

  /**
   * @param redaction applied to each example (its query, and values at redacted paths) before it is
   *     kept; null for none
   */
  public Tally(int maxPaths, Redaction redaction) {
    this.maxPaths = maxPaths;
    this.redaction = redaction;
    for (Side side : Side.values()) {
      decisions.put(side, new LongAdder());
      calls.put(side, new LongAdder());
      errors.put(side, new LongAdder());
      // Sized as the values come: a route answering in milliseconds keeps a small histogram.
      latency.put(side, new ConcurrentHistogram(3));
    }
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      outcomes.put(kind, new LongAdder());
    }
    for (SkipReason reason : SkipReason.values()) {
      skipped.put(reason, new LongAdder());
    }
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

  /**
   * Counts a comparison's outcome.
   *
   * @return the path shapes a mismatch differed at (empty otherwise)
   */
  public Set<String> recordOutcome(RecordedExchange exchange, Outcome outcome) {
    outcomes.get(outcome.kind()).increment();
    if (outcome instanceof Outcome.Skipped skip) {
      skipped.get(skip.reason()).increment();
    } else if (outcome instanceof Outcome.Match match) {
      tallyNoise(match.noise());
    } else if (outcome instanceof Outcome.Mismatch mismatch) {
      tallyNoise(mismatch.noise());
      Set<String> seen = new HashSet<>();
      for (Difference difference : mismatch.differences()) {
        String shape = PathShape.of(difference.path());
        if (seen.add(shape)) {
          tally(differences, shape, difference.kind().label(), null)
              .record(exchange, difference, redaction);
        }
      }
      countSignature(Set.copyOf(seen));
      return seen;
    }
    return Set.of();
  }

  /** What one legacy/legacy pair showed: the paths where legacy differed from itself. */
  public void recordLearned(List<Difference> legacyAgainstLegacy) {
    learnedPairs.increment();
    Set<String> seen = new HashSet<>();
    for (Difference difference : legacyAgainstLegacy) {
      String shape = PathShape.of(difference.path());
      if (seen.add(shape)) {
        LongAdder count = learned.get(shape);
        if (count == null && learned.size() < maxPaths) {
          count = learned.computeIfAbsent(shape, k -> new LongAdder());
        }
        if (count != null) {
          count.increment();
        }
      }
    }
  }

  private void countSignature(Set<String> shapes) {
    LongAdder count = signatures.get(shapes);
    if (count == null && signatures.size() < maxPaths) {
      count = signatures.computeIfAbsent(shapes, k -> new LongAdder());
    }
    if (count != null) {
      count.increment();
    } else {
      unsignedMismatches.increment();
    }
  }

  private void tallyNoise(List<NoisyDifference> noisy) {
    Set<String> seen = new HashSet<>();
    for (NoisyDifference difference : noisy) {
      String shape = PathShape.of(difference.difference().path());
      if (seen.add(shape)) {
        tally(noise, shape, difference.difference().kind().label(), difference.reason())
            .count
            .increment();
      }
    }
  }

  private PathTally tally(
      Map<String, PathTally> tallies, String shape, String kind, String reason) {
    PathTally tally = tallies.get(shape);
    if (tally != null) {
      return tally;
    }
    String key = tallies.size() < maxPaths ? shape : Snapshot.OTHER;
    return tallies.computeIfAbsent(key, k -> new PathTally(kind, reason));
  }

  /**
   * Mismatches among comparisons, counting a mismatch that differed only at paths learned as noise
   * as a match: cheap (no histogram is copied), for a gauge read on every scrape.
   */
  public double mismatchRate(java.util.Set<String> learnedNoise) {
    long onlyNoise = 0;
    for (Map.Entry<Set<String>, LongAdder> signature : signatures.entrySet()) {
      if (learnedNoise.containsAll(signature.getKey())) {
        onlyNoise += signature.getValue().sum();
      }
    }
    long matches = outcomes.get(Outcome.Kind.MATCH).sum() + onlyNoise;
    long mismatches = outcomes.get(Outcome.Kind.MISMATCH).sum() - onlyNoise;
    return matches + mismatches == 0 ? 0 : (double) mismatches / (matches + mismatches);
  }

  /**
   * A write sent to both sides (stage dual-write) was counted with this outcome: converged,
   * diverged, write_failed or abandoned.
   */
  public void recordDualWrite(String outcome) {
    dualWrites.computeIfAbsent(outcome, key -> new LongAdder()).increment();
  }

  /** Whether anything at all was recorded. */
  public boolean isEmpty() {
    for (Side side : Side.values()) {
      if (decisions.get(side).sum() > 0 || calls.get(side).sum() > 0) {
        return false;
      }
    }
    return outcomes.values().stream().allMatch(count -> count.sum() == 0)
        && learnedPairs.sum() == 0
        && dualWrites.values().stream().allMatch(count -> count.sum() == 0);
  }

  /** A consistent-enough copy of the figures (each counter read once), to report or to store. */
  public Snapshot snapshot() {
    Map<String, Long> decided = new LinkedHashMap<>();
    Map<String, Long> called = new LinkedHashMap<>();
    Map<String, Long> failed = new LinkedHashMap<>();
    Map<String, Histogram> latencies = new LinkedHashMap<>();
    for (Side side : Side.values()) {
      decided.put(side.label(), decisions.get(side).sum());
      called.put(side.label(), calls.get(side).sum());
      failed.put(side.label(), errors.get(side).sum());
      latencies.put(side.label(), latency.get(side).copy());
    }
    Map<String, Long> byOutcome = new LinkedHashMap<>();
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      byOutcome.put(kind.label(), outcomes.get(kind).sum());
    }
    Map<String, Long> byReason = new LinkedHashMap<>();
    skipped.forEach(
        (reason, count) -> {
          if (count.sum() > 0) {
            byReason.put(reason.label(), count.sum());
          }
        });
    Map<String, Snapshot.PathFigures> differing = new LinkedHashMap<>();
    differences.forEach(
        (path, tally) ->
            differing.put(
                path,
                new Snapshot.PathFigures(tally.kind, null, tally.count.sum(), tally.example)));
    Map<String, Snapshot.PathFigures> noisy = new LinkedHashMap<>();
    noise.forEach(
        (path, tally) ->
            noisy.put(
                path, new Snapshot.PathFigures(tally.kind, tally.reason, tally.count.sum(), null)));
    Map<Set<String>, Long> sets = new LinkedHashMap<>();
    signatures.forEach((shapes, count) -> sets.put(shapes, count.sum()));
    Map<String, Long> taught = new LinkedHashMap<>();
    learned.forEach((path, count) -> taught.put(path, count.sum()));
    Map<String, Long> dualWritten = new LinkedHashMap<>();
    dualWrites.forEach((outcome, count) -> dualWritten.put(outcome, count.sum()));
    return new Snapshot(
        decided,
        called,
        failed,
        latencies,
        byOutcome,
        byReason,
        differing,
        noisy,
        sets,
        unsignedMismatches.sum(),
        taught,
        learnedPairs.sum(),
        dualWritten);
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

    void record(RecordedExchange exchange, Difference difference, Redaction redaction) {
      count.increment();
      if (example == null) {
        RouteReport.Example seen =
            new RouteReport.Example(
                exchange.time(),
                exchange.traceId(),
                exchange.request().method(),
                exchange.request().pathAndQuery(),
                difference.legacy(),
                difference.fresh());
        example = redaction == null ? seen : redaction.example(seen, difference.path());
      }
    }
  }

  /**
   * A tally's figures at one moment, immutable; snapshots of different buckets, replicas or windows
   * merge into one exactly.
   *
   * @param decisions requests served, by side label
   * @param calls calls made, by side label
   * @param errors failed or 5xx calls, by side label
   * @param latency each side's latency in microseconds
   * @param outcomes comparisons by outcome label (match, mismatch, skipped)
   * @param skipped skipped comparisons by reason label
   * @param differences differing path shapes: kind, count and the first example
   * @param noise paths set apart as noise: kind, why, count
   * @param signatures how many mismatches differed at exactly each set of path shapes
   * @param unsignedMismatches mismatches beyond the kept signatures
   * @param learned path shapes where legacy differed from itself, with the pairs that showed it
   * @param learnedPairs legacy/legacy pairs compared
   * @param dualWrite writes sent to both sides, by outcome label (converged, diverged,
   *     write_failed, abandoned); empty when none
   */
  public record Snapshot(
      Map<String, Long> decisions,
      Map<String, Long> calls,
      Map<String, Long> errors,
      Map<String, Histogram> latency,
      Map<String, Long> outcomes,
      Map<String, Long> skipped,
      Map<String, PathFigures> differences,
      Map<String, PathFigures> noise,
      Map<Set<String>, Long> signatures,
      long unsignedMismatches,
      Map<String, Long> learned,
      long learnedPairs,
      Map<String, Long> dualWrite) {

    /** The path under which shapes beyond the bound are counted. */
    public static final String OTHER = "(other)";

    public Snapshot {
      dualWrite = dualWrite == null ? Map.of() : dualWrite;
    }

    /** The writes sent to both sides as figures; null when there were none. */
    public DualWriteFigures dualWriteFigures() {
      if (dualWrite.values().stream().allMatch(count -> count == 0)) {
        return null;
      }
      return new DualWriteFigures(
          dualWrite.getOrDefault("converged", 0L),
          dualWrite.getOrDefault("diverged", 0L),
          dualWrite.getOrDefault("write_failed", 0L),
          dualWrite.getOrDefault("abandoned", 0L));
    }

    /**
     * @param kind the kind of difference seen first there
     * @param reason why it is noise (learned, uuid, timestamp); null for a real difference
     * @param count in how many comparisons
     * @param example the first exchange that showed it; null for noise
     */
    public record PathFigures(
        String kind, String reason, long count, RouteReport.Example example) {}

    /** Nothing recorded. */
    public static Snapshot empty() {
      return new Tally(1).snapshot();
    }

    /**
     * Adds snapshots up: counts sum, histograms add, examples are the earliest, and path shapes
     * stay within {@code maxPaths} (the rest counted under "(other)").
     */
    public static Snapshot merge(List<Snapshot> snapshots, int maxPaths) {
      SnapshotSum sum = new SnapshotSum(maxPaths);
      snapshots.forEach(sum::add);
      return sum.result();
    }
  }
}
