package dev.ficus.compare.analysis;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum) of two latency distributions, as Kayenta judges a
 * canary: are the new side's calls slower than legacy's, and by how much. Computed on the
 * histograms themselves (each distinct recorded value a group of ties with mid-ranks), so a window
 * of millions of calls costs as much as its distinct values; the p-value is the normal
 * approximation with tie and continuity corrections.
 */
public final class RankTest {

  private RankTest() {}

  /**
   * @param first how many values the first sample has
   * @param second how many the second has
   * @param u the first sample's U statistic: pairs where it is greater, plus half the ties
   * @param effect the probability that a value of the first exceeds one of the second (ties count
   *     half): Vargha and Delaney's A, {@code u / (first * second)}; 0.5 when they are alike
   * @param z the standardised U
   * @param pGreater the one-sided p-value that the first sample is stochastically greater
   */
  public record Result(
      long first, long second, double u, double effect, double z, double pGreater) {

    /** The two-sided p-value. */
    public double pTwoSided() {
      return Math.min(1, 2 * Math.min(pGreater, 1 - pGreater));
    }
  }

  /**
   * Compares {@code first} (e.g. the new side) with {@code second} (legacy); null when either is
   * empty.
   */
  public static Result compare(Histogram first, Histogram second) {
    long n1 = first.getTotalCount();
    long n2 = second.getTotalCount();
    if (n1 == 0 || n2 == 0) {
      return null;
    }
    Map<Long, long[]> counts = new TreeMap<>();
    add(first, counts, 0);
    add(second, counts, 1);
    double rank = 0;
    double rankSumFirst = 0;
    double ties = 0;
    for (long[] both : counts.values()) {
      double group = both[0] + both[1];
      double midRank = rank + (group + 1) / 2;
      rankSumFirst += both[0] * midRank;
      ties += group * group * group - group;
      rank += group;
    }
    double u = rankSumFirst - n1 * (n1 + 1) / 2.0;
    double n = n1 + n2;
    double mean = n1 * (double) n2 / 2;
    double variance = n1 * (double) n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
    double z;
    double pGreater;
    if (variance <= 0) {
      z = 0;
      pGreater = 0.5;
    } else {
      z = (u - mean - 0.5) / Math.sqrt(variance);
      pGreater = Wilson.normalUpperTail(z);
    }
    return new Result(n1, n2, u, u / (n1 * (double) n2), z, pGreater);
  }

  private static void add(Histogram histogram, Map<Long, long[]> counts, int index) {
    for (HistogramIterationValue value : histogram.recordedValues()) {
      long key = histogram.lowestEquivalentValue(value.getValueIteratedTo());
      counts.computeIfAbsent(key, k -> new long[2])[index] += value.getCountAtValueIteratedTo();
    }
  }
}
