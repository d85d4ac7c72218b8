package dev.ficus.compare.analysis;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The Wilson score interval of a proportion: where the true rate lies, with the given confidence,
 * after {@code events} in {@code trials}. Unlike the point estimate, it says how little a few
 * trials prove: 0 mismatches in 30 comparisons has an upper bound of 11.4% at 95%, not 0%.
 */
public final class Wilson {

  private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

  private Wilson() {}

  /** The two-sided interval's bounds, each between 0 and 1. */
  public record Interval(double lower, double upper) {}

  /**
   * @param events how many trials had the event (mismatches, errors)
   * @param trials how many trials there were; with none the interval is [0, 1]
   * @param confidence the interval's coverage, e.g. 0.95
   */
  public static Interval interval(long events, long trials, double confidence) {
    if (events < 0 || trials < 0 || events > trials) {
      throw new IllegalArgumentException(
          "events must be between 0 and trials, were " + events + " of " + trials);
    }
    if (trials == 0) {
      return new Interval(0, 1);
    }
    double z = z(confidence);
    double n = trials;
    double p = events / n;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    // No events (or all) pins the bound exactly, where rounding would leave a speck above 0.
    return new Interval(
        events == 0 ? 0 : Math.max(0, centre - half),
        events == trials ? 1 : Math.min(1, centre + half));
  }

  /** The interval's upper bound: the highest rate the data leave plausible. */
  public static double upper(long events, long trials, double confidence) {
    return interval(events, trials, confidence).upper();
  }

  /** The standard normal quantile of a two-sided interval of this coverage (1.96 for 0.95). */
  static double z(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException(
          "confidence must be between 0 and 1 (exclusive), was " + confidence);
    }
    return NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
  }

  static double normalUpperTail(double z) {
    return 1 - NORMAL.cumulativeProbability(z);
  }
}
