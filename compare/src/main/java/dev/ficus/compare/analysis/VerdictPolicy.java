package dev.ficus.compare.analysis;

/**
 * The thresholds a route must meet to be judged ready for the next step of its cutover.
 *
 * @param minComparisons comparisons (matches plus mismatches) needed before any judgement
 * @param maxMismatchRate highest acceptable share of mismatches among comparisons, met by the upper
 *     bound of its interval
 * @param maxLatencyEffect highest acceptable probability that a new call is slower than a legacy
 *     call (Vargha and Delaney's A; 0.5 is alike), when the rank test finds the new side slower
 * @param maxErrorRateIncrease how much higher than legacy's the new side's error rate may be
 * @param confidence the coverage of the intervals and the rank test (0.95: 5% significance)
 */
public record VerdictPolicy(
    long minComparisons,
    double maxMismatchRate,
    double maxLatencyEffect,
    double maxErrorRateIncrease,
    double confidence) {

  public VerdictPolicy {
    if (minComparisons < 1) {
      throw new IllegalArgumentException(
          "minComparisons must be at least 1, was " + minComparisons);
    }
    if (!(maxMismatchRate >= 0 && maxMismatchRate <= 1)) {
      throw new IllegalArgumentException(
          "maxMismatchRate must be between 0 and 1, was " + maxMismatchRate);
    }
    if (!(maxLatencyEffect >= 0.5 && maxLatencyEffect <= 1)) {
      throw new IllegalArgumentException(
          "maxLatencyEffect must be between 0.5 and 1, was " + maxLatencyEffect);
    }
    if (!(maxErrorRateIncrease >= 0 && maxErrorRateIncrease <= 1)) {
      throw new IllegalArgumentException(
          "maxErrorRateIncrease must be between 0 and 1, was " + maxErrorRateIncrease);
    }
    if (!(confidence >= 0.5 && confidence < 1)) {
      throw new IllegalArgumentException(
          "confidence must be at least 0.5 and below 1, was " + confidence);
    }
  }

  /**
   * 100 comparisons, a mismatch rate whose 95% upper bound is at most 1%, a new side not
   * significantly slower by more than a medium effect (a new call slower than a legacy one at most
   * 64% of the time), errors no worse than legacy.
   */
  public static VerdictPolicy ofDefaults() {
    return new VerdictPolicy(100, 0.01, 0.64, 0.0, 0.95);
  }
}
