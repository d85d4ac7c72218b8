package dev.ficus.compare.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Against SciPy's and R's published examples of the Mann-Whitney (Wilcoxon rank-sum) test. */
class RankTestTest {

  @Test
  void scipysExample() {
    // scipy.stats.mannwhitneyu docs: males [19, 22, 16, 29, 24], females [20, 11, 17, 12]:
    // U1 = 17; method="asymptotic" (continuity-corrected) gives p = 0.1113 two-sided.
    RankTest.Result result =
        RankTest.compare(histogram(19, 22, 16, 29, 24), histogram(20, 11, 17, 12));
    assertThat(result.u()).isEqualTo(17);
    assertThat(result.pTwoSided()).isCloseTo(0.1113, within(0.0001));
    assertThat(result.effect()).isCloseTo(17 / 20.0, within(1e-9));
  }

  @Test
  void rsExampleWithTheStatisticW() {
    // R's ?wilcox.test: x <- c(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46),
    // y <- c(1.15, 0.88, 0.90, 0.74, 1.21): W = 35 (values here in hundredths: the ranks are the
    // same).
    RankTest.Result result =
        RankTest.compare(
            histogram(80, 83, 189, 104, 145, 138, 191, 164, 73, 146),
            histogram(115, 88, 90, 74, 121));
    assertThat(result.u()).isEqualTo(35);
    assertThat(result.effect()).isCloseTo(0.7, within(1e-9));
    assertThat(result.pGreater()).isGreaterThan(0.05);
  }

  @Test
  void tiesShareTheirRanksAndAlikeSamplesAreAHalf() {
    Histogram same = histogram(5, 5, 5, 7, 7);
    RankTest.Result result = RankTest.compare(same, histogram(5, 5, 5, 7, 7));
    assertThat(result.u()).isEqualTo(12.5);
    assertThat(result.effect()).isEqualTo(0.5);
    assertThat(result.pGreater()).isGreaterThan(0.5);
  }

  @Test
  void aClearlySlowerSideIsSignificantWithAnEffectNearOne() {
    Histogram slow = new Histogram(3);
    Histogram fast = new Histogram(3);
    for (int i = 0; i < 500; i++) {
      slow.recordValue(2_000 + i * 3);
      fast.recordValue(1_000 + i * 3);
    }
    RankTest.Result result = RankTest.compare(slow, fast);
    assertThat(result.pGreater()).isLessThan(1e-6);
    assertThat(result.effect()).isGreaterThan(0.8);
    assertThat(RankTest.compare(fast, slow).effect()).isLessThan(0.2);
    assertThat(RankTest.compare(new Histogram(3), fast)).isNull();
  }

  private static Histogram histogram(long... values) {
    Histogram histogram = new Histogram(3);
    for (long value : values) {
      histogram.recordValue(value);
    }
    return histogram;
  }
}
