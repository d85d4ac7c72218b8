package dev.ficus.compare.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Whether a route's evidence supports the next step of its cutover. Rates are judged by the bounds
 * of their Wilson intervals, not by the point estimate, and latency by a rank test of the two
 * sides' distributions, so that a few lucky comparisons never make a route ready.
 *
 * @param status READY, NOT_READY or INSUFFICIENT_DATA
 * @param reasons why not ready, or what data is missing; empty when ready
 */
public record Verdict(Status status, List<String> reasons) {

  /** The closed set of judgements. */
  public enum Status {
    READY,
    NOT_READY,
    INSUFFICIENT_DATA
  }

  public Verdict {
    reasons = List.copyOf(reasons);
  }

  /**
   * One thing that keeps a route from being ready.
   *
   * @param reason in words, with the figures
   * @param decisive true when the data already show the route fails it (the bound on the good side
   *     is past the threshold, or the new side is significantly slower); false when more data may
   *     still clear it
   */
  public record Finding(String reason, boolean decisive) {}

  /**
   * Judges a route's figures against a policy; latency only where {@code latency} has both sides.
   */
  public static Verdict judge(
      RouteReport report, Map<String, Histogram> latency, VerdictPolicy policy) {
    long compared = report.compared();
    if (compared < policy.minComparisons()) {
      return new Verdict(
          Status.INSUFFICIENT_DATA,
          List.of(compared + " of the " + policy.minComparisons() + " comparisons needed"));
    }
    List<Finding> findings = findings(report, latency, policy);
    return findings.isEmpty()
        ? new Verdict(Status.READY, List.of())
        : new Verdict(Status.NOT_READY, findings.stream().map(Finding::reason).toList());
  }

  /** What keeps the route from being ready, whatever the number of comparisons. */
  public static List<Finding> findings(
      RouteReport report, Map<String, Histogram> latency, VerdictPolicy policy) {
    List<Finding> findings = new ArrayList<>();
    double confidence = policy.confidence();
    long compared = report.compared();
    long mismatches = report.outcomes().getOrDefault("mismatch", 0L);
    if (compared > 0) {
      Wilson.Interval rate = Wilson.interval(mismatches, compared, confidence);
      if (rate.upper() > policy.maxMismatchRate()) {
        findings.add(
            new Finding(
                String.format(
                    Locale.ROOT,
                    "mismatch rate upper bound %s over %s (%d of %d compared, %s confidence)",
                    percent(rate.upper()),
                    percent(policy.maxMismatchRate()),
                    mismatches,
                    compared,
                    percent(confidence)),
                rate.lower() > policy.maxMismatchRate()));
      }
    }
    RouteReport.Errors legacyErrors = report.errors().get("legacy");
    RouteReport.Errors freshErrors = report.errors().get("new");
    if (legacyErrors != null && freshErrors != null && freshErrors.calls() > 0) {
      Wilson.Interval fresh =
          Wilson.interval(freshErrors.errors(), freshErrors.calls(), confidence);
      double legacyUpper =
          legacyErrors.calls() == 0
              ? 0
              : Wilson.upper(legacyErrors.errors(), legacyErrors.calls(), confidence);
      double allowed = legacyUpper + policy.maxErrorRateIncrease();
      if (fresh.upper() > allowed && freshErrors.errors() > 0) {
        findings.add(
            new Finding(
                String.format(
                    Locale.ROOT,
                    "new error rate upper bound %s over legacy's %s (%d errors in %d calls against"
                        + " %d in %d)",
                    percent(fresh.upper()),
                    percent(allowed),
                    freshErrors.errors(),
                    freshErrors.calls(),
                    legacyErrors.errors(),
                    legacyErrors.calls()),
                fresh.lower() > allowed));
      }
    }
    Histogram legacyLatency = latency.get("legacy");
    Histogram freshLatency = latency.get("new");
    if (legacyLatency != null && freshLatency != null) {
      RankTest.Result slower = RankTest.compare(freshLatency, legacyLatency);
      if (slower != null
          && slower.pGreater() < 1 - confidence
          && slower.effect() > policy.maxLatencyEffect()) {
        findings.add(
            new Finding(
                String.format(
                    Locale.ROOT,
                    "new side slower: a new call is slower than a legacy call %s of the time, over"
                        + " %s (Mann-Whitney p=%.4f; p95 %.1f ms against %.1f ms)",
                    percent(slower.effect()),
                    percent(policy.maxLatencyEffect()),
                    slower.pGreater(),
                    freshLatency.getValueAtPercentile(95) / 1_000.0,
                    legacyLatency.getValueAtPercentile(95) / 1_000.0),
                true));
      }
    }
    return findings;
  }

  private static String percent(double rate) {
    return String.format(Locale.ROOT, "%.2f%%", rate * 100);
  }

  @Override
  public String toString() {
    return reasons.isEmpty() ? status.name() : status + " " + reasons;
  }
}
