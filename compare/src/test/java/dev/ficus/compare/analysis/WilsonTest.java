package dev.ficus.compare.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Against the published values of Newcombe (1998), Statistics in Medicine 17, table I, method 3.
 */
class WilsonTest {

  @Test
  void matchesNewcombesPublishedIntervals() {
    assertInterval(81, 263, 0.2553, 0.3662);
    assertInterval(15, 148, 0.0624, 0.1605);
    assertInterval(0, 20, 0.0000, 0.1611);
    assertInterval(1, 29, 0.0061, 0.1718);
  }

  @Test
  void noMismatchInThirtyIsNotZeroPercent() {
    // The upper bound with no events is z²/(n+z²): 3.8415/33.8415.
    assertThat(Wilson.upper(0, 30, 0.95)).isCloseTo(0.1135, within(0.0001));
    assertThat(Wilson.upper(0, 381, 0.95)).isLessThan(0.01);
    assertThat(Wilson.upper(0, 380, 0.95)).isGreaterThan(0.01);
  }

  @Test
  void nothingObservedLeavesEveryRateOpen() {
    assertThat(Wilson.interval(0, 0, 0.95)).isEqualTo(new Wilson.Interval(0, 1));
    assertThatThrownBy(() -> Wilson.interval(3, 2, 0.95)).hasMessageContaining("3 of 2");
    assertThatThrownBy(() -> Wilson.interval(1, 2, 1.0)).hasMessageContaining("confidence");
  }

  private static void assertInterval(long events, long trials, double lower, double upper) {
    Wilson.Interval interval = Wilson.interval(events, trials, 0.95);
    assertThat(interval.lower())
        .as("lower of %d/%d", events, trials)
        .isCloseTo(lower, within(0.00006));
    assertThat(interval.upper())
        .as("upper of %d/%d", events, trials)
        .isCloseTo(upper, within(0.00006));
  }
}
