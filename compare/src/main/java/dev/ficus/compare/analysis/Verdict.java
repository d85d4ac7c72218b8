package dev.ficus.compare.analysis;

import java.util.List;
import java.util.Locale;

/**
 * Whether a route's evidence supports the next step of its cutover.
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

  /** Judges a route's figures against a policy. */
  public static Verdict judge(RouteReport report, VerdictPolicy policy) {
    long compared = report.compared();
    if (compared < policy.minComparisons()) {
      return new Verdict(
          Status.INSUFFICIENT_DATA,
          List.of(compared + " of the " + policy.minComparisons() + " comparisons needed"));
    }
    List<String> reasons = new java.util.ArrayList<>();
    if (report.mismatchRate() > policy.maxMismatchRate()) {
      reasons.add(
          "mismatch rate "
              + percent(report.mismatchRate())
              + " is over "
              + percent(policy.maxMismatchRate()));
    }
    RouteReport.Latency legacy = report.latency().get("legacy");
    RouteReport.Latency fresh = report.latency().get("new");
    if (legacy != null
        && fresh != null
        && legacy.count() > 0
        && fresh.count() > 0
        && fresh.p95Millis() > policy.maxLatencyFactor() * Math.max(legacy.p95Millis(), 1.0)) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "new p95 latency %.1f ms is over %.2f x legacy p95 %.1f ms",
              fresh.p95Millis(),
              policy.maxLatencyFactor(),
              legacy.p95Millis()));
    }
    RouteReport.Errors legacyErrors = report.errors().get("legacy");
    RouteReport.Errors freshErrors = report.errors().get("new");
    if (legacyErrors != null
        && freshErrors != null
        && freshErrors.calls() > 0
        && freshErrors.rate() > legacyErrors.rate() + policy.maxErrorRateIncrease()) {
      reasons.add(
          "new error rate "
              + percent(freshErrors.rate())
              + " is worse than legacy's "
              + percent(legacyErrors.rate()));
    }
    return reasons.isEmpty()
        ? new Verdict(Status.READY, List.of())
        : new Verdict(Status.NOT_READY, reasons);
  }

  private static String percent(double rate) {
    return String.format(Locale.ROOT, "%.2f%%", rate * 100);
  }

  @Override
  public String toString() {
    return reasons.isEmpty() ? status.name() : status + " " + reasons;
  }
}
