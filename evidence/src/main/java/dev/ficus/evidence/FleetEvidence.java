package dev.ficus.evidence;

import dev.ficus.compare.analysis.Reports;
import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.compare.analysis.SnapshotSum;
import dev.ficus.compare.analysis.Tally;
import dev.ficus.compare.analysis.Verdict;
import dev.ficus.compare.analysis.VerdictPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A route's evidence over a window, from every replica that writes to the store: counts summed,
 * latency from the merged histograms (never averaged), differences and noise merged, and the
 * verdict over it all, judged by the same code as one replica's own report.
 */
public final class FleetEvidence {

  static final int MAX_PATHS = 500;

  /** The stage that judges nothing of the new side's: passed over when looking back. */
  private static final String LEGACY = "legacy";

  private final EvidenceStore store;
  private final Clock clock;

  public FleetEvidence(EvidenceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Which buckets to judge: those that begin in {@code [from, to)}.
   *
   * @param asked how it was asked: {@code since the stage began}, {@code last 15m}, {@code since
   *     2026-11-29T10:00:00Z}
   */
  public record Window(Instant from, Instant to, String asked) {}

  /** A replica that wrote buckets in the window. */
  public record Contributor(String replica, long buckets, long requests, Instant lastWrite) {}

  /**
   * @param report the merged figures and verdict
   * @param window the buckets judged
   * @param replicas who contributed
   * @param buckets how many buckets were merged
   * @param latency the merged latency histograms per side, as the verdict judged them
   */
  public record View(
      RouteReport report,
      Window window,
      List<Contributor> replicas,
      int buckets,
      Map<String, org.HdrHistogram.Histogram> latency) {}

  /**
   * The window a request names: {@code window=15m} (the last 15 minutes), {@code since=} an ISO
   * instant, {@code since=stage}; with neither, since the route's current stage (and share) began.
   *
   * @throws IllegalArgumentException naming the parameter and what would be valid
   */
  public Window window(String route, String stage, Integer share, String window, String since)
      throws EvidenceStoreException {
    Instant now = clock.instant();
    if (window != null && since != null) {
      throw new IllegalArgumentException("give window or since, not both");
    }
    if (window != null) {
      Duration length = parseDuration(window);
      return new Window(now.minus(length), now.plusMillis(1), "last " + window);
    }
    if (since != null && !since.equals("stage")) {
      try {
        Instant from = Instant.parse(since);
        return new Window(from, now.plusMillis(1), "since " + from);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "since '"
                + since
                + "' is neither 'stage' nor an ISO instant such as 2026-11-29T10:00:00Z");
      }
    }
    Instant began = store.stepBegan(route, Bucket.LIVE, stage, share).orElse(Instant.EPOCH);
    return new Window(began, now.plusMillis(1), "since the stage began");
  }

  /**
   * The stage before the route's current one, over its own buckets: what stays to be read once a
   * step is left, such as a canary a guardrail rolled back, after the rollback ended.
   *
   * @param stage the stage then
   * @param share the canary share then, or null
   * @param from when it began (its first bucket's start when the store holds nothing older)
   * @param to when its last bucket ended
   * @param compared comparisons that matched or mismatched in it
   * @param verdict the verdict over it, with its reasons
   */
  public record LastStage(
      String stage, Integer share, Instant from, Instant to, long compared, Verdict verdict) {}

  /**
   * The last stage before the current one ({@code stage} and {@code share}) that was not {@code
   * legacy}, judged over its own buckets; empty when the store holds none. {@code legacy} steps are
   * passed over, a rollback's included (a rolled-back route is at {@code legacy}): the stage worth
   * reading is the one that served or shadowed the new side before it.
   */
  public Optional<LastStage> lastStage(
      String route, String stage, Integer share, VerdictPolicy policy)
      throws EvidenceStoreException {
    Optional<Instant> began = store.stepBegan(route, Bucket.LIVE, stage, share);
    if (began.isEmpty()) {
      return Optional.empty();
    }
    // latest end first: a step runs back to the end of the latest bucket of another step
    List<Bucket.Span> spans = store.spans(route, Bucket.LIVE, began.get());
    int at = 0;
    while (at < spans.size()) {
      Bucket.Span latest = spans.get(at);
      int before = at + 1;
      while (before < spans.size() && spans.get(before).of(latest.stage(), latest.share())) {
        before++;
      }
      if (!LEGACY.equals(latest.stage())) {
        Instant from =
            before < spans.size()
                ? spans.get(before).end()
                // the first stage the store holds: from its first bucket
                : spans.subList(at, before).stream()
                    .map(Bucket.Span::start)
                    .min(Instant::compareTo)
                    .orElseThrow();
        Window window =
            new Window(
                from,
                latest.end(),
                "the last stage, "
                    + latest.stage()
                    + (latest.share() == null ? "" : " " + latest.share() + "%"));
        RouteReport report = view(route, window, policy).report();
        return Optional.of(
            new LastStage(
                latest.stage(),
                latest.share(),
                from,
                latest.end(),
                report.compared(),
                report.verdict()));
      }
      at = before;
    }
    return Optional.empty();
  }

  /** {@code 90s}, {@code 15m}, {@code 3h}, {@code 3d}, or an ISO-8601 duration such as PT15M. */
  static Duration parseDuration(String text) {
    String value = text.trim();
    try {
      if (value.matches("\\d+[smhd]")) {
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
      Duration parsed = Duration.parse(value);
      if (parsed.isNegative() || parsed.isZero()) {
        throw new DateTimeParseException("not positive", value, 0);
      }
      return parsed;
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "window '" + text + "' is not a duration; give e.g. 15m, 3h, 3d or PT90S");
    }
  }

  /** The route's evidence over the window, from every replica. */
  public View view(String route, Window window, VerdictPolicy policy)
      throws EvidenceStoreException {
    SnapshotSum sum = new SnapshotSum(MAX_PATHS);
    Map<String, long[]> byReplica = new TreeMap<>();
    Map<String, Instant> lastWrite = new TreeMap<>();
    int[] buckets = new int[1];
    store.read(
        route,
        Bucket.LIVE,
        window.from(),
        window.to(),
        bucket -> {
          buckets[0]++;
          sum.add(bucket.figures());
          long[] figures = byReplica.computeIfAbsent(bucket.replica(), k -> new long[2]);
          figures[0]++;
          figures[1] +=
              bucket.figures().decisions().values().stream().mapToLong(Long::longValue).sum();
          lastWrite.merge(
              bucket.replica(),
              bucket.writtenAt(),
              (a, b) -> a == null ? b : b == null || a.isAfter(b) ? a : b);
        });
    Tally.Snapshot merged = sum.result();
    RouteReport report =
        Reports.of(route, merged, merged.learned(), merged.learnedPairs(), policy, 10);
    List<Contributor> replicas = new ArrayList<>();
    byReplica.forEach(
        (replica, figures) ->
            replicas.add(new Contributor(replica, figures[0], figures[1], lastWrite.get(replica))));
    return new View(report, window, replicas, buckets[0], merged.latency());
  }

  /**
   * A route's evidence over a window, step by step: what the console draws.
   *
   * @param window the buckets read
   * @param step how long each point is
   * @param points one per step from the first step with evidence to the end of the window, empty
   *     steps included (with nothing compared), oldest first
   */
  public record Timeline(Window window, Duration step, List<Point> points) {}

  /**
   * One step of a timeline.
   *
   * @param time when the step begins
   * @param compared comparisons that matched or mismatched in it
   * @param mismatchRate mismatches among them, noise learned over the whole window set apart
   * @param latency each side's latency percentiles, from the step's merged histograms
   * @param errors each side's calls and errors
   */
  public record Point(
      Instant time,
      long compared,
      double mismatchRate,
      Map<String, RouteReport.Latency> latency,
      Map<String, RouteReport.Errors> errors) {}

  /** At most this many points in a timeline: the step grows with the window. */
  static final int MAX_POINTS = 60;

  /**
   * The route's evidence over the window in steps of whole minutes, as few as keep the points at
   * most {@value #MAX_POINTS}.
   */
  public Timeline timeline(String route, Window window, VerdictPolicy policy)
      throws EvidenceStoreException {
    Instant to = window.to();
    Instant from = window.from();
    long minutes = Math.max(1, Duration.between(from, to).toMinutes());
    long stepMinutes = Math.max(1, (minutes + MAX_POINTS - 1) / MAX_POINTS);
    Duration step = Duration.ofMinutes(stepMinutes);
    long stepMillis = step.toMillis();
    SnapshotSum whole = new SnapshotSum(MAX_PATHS);
    TreeMap<Long, SnapshotSum> steps = new TreeMap<>();
    store.read(
        route,
        Bucket.LIVE,
        from,
        to,
        bucket -> {
          long at = Math.floorDiv(bucket.start().toEpochMilli(), stepMillis) * stepMillis;
          steps.computeIfAbsent(at, k -> new SnapshotSum(MAX_PATHS)).add(bucket.figures());
          whole.add(bucket.figures());
        });
    List<Point> points = new ArrayList<>();
    if (!steps.isEmpty()) {
      Map<String, Long> learned = whole.result().learned();
      long last = Math.floorDiv(to.toEpochMilli() - 1, stepMillis) * stepMillis;
      for (long at = steps.firstKey();
          at <= last && points.size() < MAX_POINTS * 2;
          at += stepMillis) {
        SnapshotSum sum = steps.get(at);
        Tally.Snapshot figures = sum == null ? Tally.Snapshot.empty() : sum.result();
        RouteReport report = Reports.of(route, figures, learned, 0, policy, 0);
        long compared =
            report.outcomes().getOrDefault("match", 0L)
                + report.outcomes().getOrDefault("mismatch", 0L);
        points.add(
            new Point(
                Instant.ofEpochMilli(at),
                compared,
                report.mismatchRate(),
                report.latency(),
                report.errors()));
      }
    }
    return new Timeline(window, step, points);
  }
}
