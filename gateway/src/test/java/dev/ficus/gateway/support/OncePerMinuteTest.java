package dev.ficus.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OncePerMinuteTest {

  @Test
  void letsTheFirstThroughPerKeyAndCountsTheRest() {
    OncePerMinute once = new OncePerMinute();
    assertThat(once.due("trips")).isZero();
    assertThat(once.due("trips")).isEqualTo(-1);
    assertThat(once.due("trips")).isEqualTo(-1);
    assertThat(once.due("vehicles")).as("each route its own minute").isZero();
    assertThat(once.due("trips")).isEqualTo(-1);
  }
}
