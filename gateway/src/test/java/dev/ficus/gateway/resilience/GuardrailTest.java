package dev.ficus.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GuardrailTest {

  private static Guardrail guardrail(double maxLatencyFactor) {
    return new Guardrail(new Guardrail.Limits(10, 5, 0.2, 0.3, maxLatencyFactor));
  }

  @Test
  void waitsForTheMinimumBeforeJudgingErrors() {
    Guardrail guardrail = guardrail(Double.POSITIVE_INFINITY);
    for (int i = 0; i < 4; i++) {
      assertThat(guardrail.recordNewCall(true, 1_000)).isEmpty();
    }
    assertThat(guardrail.recordNewCall(true, 1_000))
        .hasValue("new error rate 100.0% over 20.0% in the last 5 calls");
  }

  @Test
  void judgesOnlyTheLastWindowOfCalls() {
    Guardrail guardrail = guardrail(Double.POSITIVE_INFINITY);
    guardrail.recordNewCall(true, 1_000);
    guardrail.recordNewCall(true, 1_000);
    Optional<String> verdict = Optional.empty();
    for (int i = 0; i < 10; i++) {
      verdict = guardrail.recordNewCall(false, 1_000);
    }
    assertThat(verdict).as("the two failures have left the window of ten").isEmpty();
    guardrail.recordNewCall(true, 1_000);
    guardrail.recordNewCall(true, 1_000);
    assertThat(guardrail.recordNewCall(true, 1_000))
        .hasValue("new error rate 30.0% over 20.0% in the last 10 calls");
  }

  @Test
  void tripsOnMismatches() {
    Guardrail guardrail = guardrail(Double.POSITIVE_INFINITY);
    guardrail.recordComparison(false);
    guardrail.recordComparison(true);
    guardrail.recordComparison(false);
    guardrail.recordComparison(true);
    assertThat(guardrail.recordComparison(true))
        .hasValue("mismatch rate 60.0% over 30.0% in the last 5 comparisons");
  }

  @Test
  void judgesLatencyOnlyWhenAFactorIsSet() {
    Guardrail off = guardrail(Double.POSITIVE_INFINITY);
    Guardrail on = guardrail(2);
    Optional<String> offVerdict = Optional.empty();
    Optional<String> onVerdict = Optional.empty();
    for (int i = 0; i < 10; i++) {
      off.recordLegacyCall(10_000);
      on.recordLegacyCall(10_000);
      offVerdict = off.recordNewCall(false, 50_000);
      onVerdict = on.recordNewCall(false, 50_000);
    }
    assertThat(offVerdict).isEmpty();
    assertThat(onVerdict).hasValue("new p95 latency 50.0 ms over 2.0 x legacy p95 10.0 ms");
  }
}
