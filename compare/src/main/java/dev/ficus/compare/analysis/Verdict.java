package dev.ficus.compare.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Whether a route's evidence supports the next step of its cutover. Rates are judged by the bounds
 * of their Wilson intervals, not by the point estimate, and latency by a rank test of the two
 * sides' distributions, so that a few lucky comparisons never make a route ready and a few unlucky
 * ones never condemn it.
 *
 * <p>One rule, wherever a verdict is shown:
 *
 * <ul>
 *   <li>{@code NOT_READY} only on evidence against the new side: a decisive finding (the lower
 *       bound of the mismatch or error rate past its threshold, or the new side significantly
 *       slower), whatever the number of comparisons; 60 of 60 differing is not ready at once.
 *   <li>{@code READY} with at least {@code min-comparisons} and no finding at all.
 *   <li>{@code INSUFFICIENT_DATA} otherwise, its reasons saying in numbers what is missing: "60 of
 *       the 100 comparisons needed", "0 of 250 differing; about 131 more comparisons without a
 *       difference would bring the upper bound under 1.00%", "the mismatch rate may be over 1.00%:
 *       2 of 250 differing ...".
 * </ul>
 *
 * @param status READY, NOT_READY or INSUFFICIENT_DATA
 * @param reasons why not ready (decisive findings first), or what data is missing; empty when ready
 */
public record Verdict(Status status, List<String> reasons) {

  /** Beyond this many more comparisons a bound is said to be out of reach. */
  private static final long MORE_CAP = 1_000_000_000L;

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
    List<Finding> findings = findings(report, latency, policy);
    List<String> decisive = new ArrayList<>();
    List<String> open = new ArrayList<>();
    for (Finding finding : findings) {
      (finding.decisive() ? decisive : open).add(finding.reason());
    }
    if (!decisive.isEmpty()) {
      List<String> reasons = new ArrayList<>(decisive);
      reasons.addAll(open);
      return new Verdict(Status.NOT_READY, reasons);
    }
    List<String> missing = new ArrayList<>();
    if (compared < policy.minComparisons()) {
      missing.add(compared + " of the " + policy.minComparisons() + " comparisons needed");
    }
    missing.addAll(open);
    return missing.isEmpty()
        ? new Verdict(Status.READY, List.of())
        : new Verdict(Status.INSUFFICIENT_DATA, missing);
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
        findings.add(mismatchFinding(rate, mismatches, compared, policy));
      }
    }
    DualWriteFigures dualWrite = report.dualWrite();
    Finding divergence =
        dualWrite == null || dualWrite.readBacks() == 0
            ? null
            : divergenceFinding(dualWrite, policy);
    if (divergence != null) {
      findings.add(divergence);
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
        boolean decisive = fresh.lower() > allowed;
        String figures =
            String.format(
                Locale.ROOT,
                "%d %s in %d new calls against %d in %d legacy calls",
                freshErrors.errors(),
                freshErrors.errors() == 1 ? "error" : "errors",
                freshErrors.calls(),
                legacyErrors.errors(),
                legacyErrors.calls());
        findings.add(
            new Finding(
                decisive
                    ? String.format(
                        Locale.ROOT,
                        "new error rate over legacy's %s: %s (lower bound %s, %s confidence)",
                        percent(allowed),
                        figures,
                        percent(fresh.lower()),
                        percent(confidence))
                    : String.format(
                        Locale.ROOT,
                        "the new error rate may be over legacy's %s: %s (upper bound %s)",
                        percent(allowed),
                        figures,
                        percent(fresh.upper())),
                decisive));
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

  /**
   * The entities read back after dual writes: judged as mismatches are, by the bounds of the
   * divergence rate against {@code max-mismatch-rate}; null when the upper bound is already under
   * it.
   */
  private static Finding divergenceFinding(DualWriteFigures figures, VerdictPolicy policy) {
    Wilson.Interval rate =
        Wilson.interval(figures.diverged(), figures.readBacks(), policy.confidence());
    if (rate.upper() <= policy.maxMismatchRate()) {
      return null;
    }
    String threshold = percent(policy.maxMismatchRate());
    String diverging =
        figures.diverged() + " of " + figures.readBacks() + " written entities read back diverging";
    if (rate.lower() > policy.maxMismatchRate()) {
      return new Finding(
          String.format(
              Locale.ROOT,
              "divergence rate over %s: %s (lower bound %s, %s confidence)",
              threshold,
              diverging,
              percent(rate.lower()),
              percent(policy.confidence())),
          true);
    }
    return new Finding(
        String.format(
            Locale.ROOT,
            "the divergence rate may be over %s: %s (upper bound %s)",
            threshold,
            diverging,
            percent(rate.upper())),
        false);
  }

  private static Finding mismatchFinding(
      Wilson.Interval rate, long mismatches, long compared, VerdictPolicy policy) {
    String threshold = percent(policy.maxMismatchRate());
    String differing = mismatches + " of " + compared + " differing";
    if (rate.lower() > policy.maxMismatchRate()) {
      return new Finding(
          String.format(
              Locale.ROOT,
              "mismatch rate over %s: %s (lower bound %s, %s confidence)",
              threshold,
              differing,
              percent(rate.lower()),
              percent(policy.confidence())),
          true);
    }
    String more = moreToClear(mismatches, compared, policy);
    return new Finding(
        mismatches == 0
            ? differing + "; " + more
            : String.format(
                Locale.ROOT,
                "the mismatch rate may be over %s: %s (upper bound %s); %s",
                threshold,
                differing,
                percent(rate.upper()),
                more),
        false);
  }

  /**
   * How many more comparisons without a difference would bring the mismatch rate's upper bound
   * under the threshold, in words.
   */
  private static String moreToClear(long mismatches, long compared, VerdictPolicy policy) {
    long more = moreComparisonsToClear(mismatches, compared, policy);
    String threshold = percent(policy.maxMismatchRate());
    if (more < 0) {
      return "no number of comparisons brings the upper bound under "
          + threshold
          + " (raise ficus.verdict.max-mismatch-rate above 0)";
    }
    return "about "
        + more
        + " more comparisons without a difference would bring the upper bound under "
        + threshold;
  }

  /**
   * The fewest further comparisons, all without a difference, after which the upper bound of the
   * mismatch rate is at most the policy's threshold; -1 when no number does (a threshold of 0).
   */
  static long moreComparisonsToClear(long mismatches, long compared, VerdictPolicy policy) {
    double max = policy.maxMismatchRate();
    double confidence = policy.confidence();
    if (Wilson.upper(mismatches, compared, confidence) <= max) {
      return 0;
    }
    long high = 1;
    while (Wilson.upper(mismatches, compared + high, confidence) > max) {
      if (high >= MORE_CAP) {
        return -1;
      }
      high *= 2;
    }
    long low = high / 2;
    while (high - low > 1) {
      long middle = low + (high - low) / 2;
      if (Wilson.upper(mismatches, compared + middle, confidence) > max) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return high;
  }

  private static String percent(double rate) {
    return String.format(Locale.ROOT, "%.2f%%", rate * 100);
  }

  @Override
  public String toString() {
    return reasons.isEmpty() ? status.name() : status + " " + reasons;
  }
}
