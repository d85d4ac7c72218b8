package dev.ficus.compare.analysis;

/**
 * The thresholds a route must meet to be judged ready for the next step of its cutover.
 *
 * @param minComparisons comparisons (matches plus mismatches) needed before any judgement
 * @param maxMismatchRate highest acceptable share of mismatches among comparisons
 * @param maxLatencyFactor the new side's p95 latency may be at most this many times legacy's
 * @param maxErrorRateIncrease how much higher than legacy's the new side's error rate may be
 */
public record VerdictPolicy(
    long minComparisons,
    double maxMismatchRate,
    double maxLatencyFactor,
    double maxErrorRateIncrease) {

  public VerdictPolicy {
    if (minComparisons < 1) {
      throw new IllegalArgumentException(
          "minComparisons must be at least 1, was " + minComparisons);
    }
    if (!(maxMismatchRate >= 0 && maxMismatchRate <= 1)) {
      throw new IllegalArgumentException(
          "maxMismatchRate must be between 0 and 1, was " + maxMismatchRate);
    }
    if (!(maxLatencyFactor > 0)) {
      throw new IllegalArgumentException(
          "maxLatencyFactor must be greater than 0, was " + maxLatencyFactor);
    }
    if (!(maxErrorRateIncrease >= 0 && maxErrorRateIncrease <= 1)) {
      throw new IllegalArgumentException(
          "maxErrorRateIncrease must be between 0 and 1, was " + maxErrorRateIncrease);
    }
  }

  /**
   * 100 comparisons, at most 1% mismatches, p95 at most 1.5 times legacy's, errors no worse than
   * legacy.
   */
  public static VerdictPolicy ofDefaults() {
    return new VerdictPolicy(100, 0.01, 1.5, 0.0);
  }
}
