package dev.ficus.compare.analysis;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Turns a route's figures into its report and verdict: the same for one replica since it started, a
 * time window of stored buckets, or a whole fleet.
 */
public final class Reports {

  private Reports() {}

  /**
   * @param figures what was recorded
   * @param learned every path shape learned as noise (with the pairs that showed it): a mismatch
   *     that differed only at such paths counts as a match, even when learned later
   * @param pairs the legacy/legacy pairs that taught it
   * @param topPaths how many differing paths to list
   */
  public static RouteReport of(
      String route,
      Tally.Snapshot figures,
      Map<String, Long> learned,
      long pairs,
      VerdictPolicy policy,
      int topPaths) {
    return of(route, figures, learned, pairs, policy, topPaths, null);
  }

  /**
   * @param dualWrite how the route's writes sent to both sides came out, judged too; null for what
   *     the figures hold
   */
  public static RouteReport of(
      String route,
      Tally.Snapshot figures,
      Map<String, Long> learned,
      long pairs,
      VerdictPolicy policy,
      int topPaths,
      DualWriteFigures dualWrite) {
    long onlyNoise = 0;
    for (Map.Entry<Set<String>, Long> signature : figures.signatures().entrySet()) {
      if (learned.keySet().containsAll(signature.getKey())) {
        onlyNoise += signature.getValue();
      }
    }
    long matches = figures.outcomes().getOrDefault("match", 0L) + onlyNoise;
    long mismatches = figures.outcomes().getOrDefault("mismatch", 0L) - onlyNoise;
    Map<String, Long> byOutcome = new LinkedHashMap<>();
    byOutcome.put("match", matches);
    byOutcome.put("mismatch", mismatches);
    byOutcome.put("skipped", figures.outcomes().getOrDefault("skipped", 0L));
    double mismatchRate =
        matches + mismatches == 0 ? 0 : (double) mismatches / (matches + mismatches);
    List<RouteReport.PathCount> top =
        figures.differences().entrySet().stream()
            .filter(e -> !learned.containsKey(e.getKey()))
            .sorted(
                Comparator.comparingLong(
                        (Map.Entry<String, Tally.Snapshot.PathFigures> e) -> -e.getValue().count())
                    .thenComparing(Map.Entry::getKey))
            .limit(topPaths)
            .map(
                e ->
                    new RouteReport.PathCount(
                        e.getKey(),
                        e.getValue().kind(),
                        e.getValue().count(),
                        e.getValue().example()))
            .toList();
    Map<String, RouteReport.NoisePath> noisePaths = new TreeMap<>();
    figures
        .noise()
        .forEach(
            (path, noisy) ->
                noisePaths.put(
                    path,
                    new RouteReport.NoisePath(
                        path, noisy.reason(), noisy.count(), learned.getOrDefault(path, 0L))));
    learned.forEach(
        (path, pairsThere) -> {
          Tally.Snapshot.PathFigures early = figures.differences().get(path);
          long countedBefore = early == null ? 0 : early.count();
          noisePaths.merge(
              path,
              new RouteReport.NoisePath(path, "learned", countedBefore, pairsThere),
              (known, added) ->
                  new RouteReport.NoisePath(
                      path, known.reason(), known.count() + countedBefore, pairsThere));
        });
    Map<String, RouteReport.Latency> latencies = new LinkedHashMap<>();
    Map<String, RouteReport.Errors> errorRates = new LinkedHashMap<>();
    for (String side : figures.calls().keySet()) {
      Histogram histogram = figures.latency().get(side);
      latencies.put(
          side,
          new RouteReport.Latency(
              histogram.getTotalCount(),
              millis(histogram, 50),
              millis(histogram, 95),
              millis(histogram, 99)));
      long calls = figures.calls().getOrDefault(side, 0L);
      long errors = figures.errors().getOrDefault(side, 0L);
      errorRates.put(
          side, new RouteReport.Errors(calls, errors, calls == 0 ? 0 : (double) errors / calls));
    }
    RouteReport report =
        new RouteReport(
            route,
            new LinkedHashMap<>(figures.decisions()),
            byOutcome,
            figures.skipped(),
            mismatchRate,
            top,
            List.copyOf(noisePaths.values()),
            pairs,
            latencies,
            errorRates,
            null,
            dualWrite != null ? dualWrite : figures.dualWriteFigures());
    return report.withVerdict(Verdict.judge(report, figures.latency(), policy));
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0
        ? 0
        : Math.round(histogram.getValueAtPercentile(percentile) / 10.0) / 100.0;
  }
}
