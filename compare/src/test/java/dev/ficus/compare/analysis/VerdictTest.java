package dev.ficus.compare.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three words of a verdict, on the examples docs/cutover-playbook.md gives. */
class VerdictTest {

  private static final VerdictPolicy DEFAULTS = VerdictPolicy.ofDefaults();

  private static RouteReport report(
      long matches, long mismatches, Map<String, RouteReport.Errors> errors) {
    return new RouteReport(
        "trips",
        Map.of(),
        Map.of("match", matches, "mismatch", mismatches),
        Map.of(),
        matches + mismatches == 0 ? 0 : (double) mismatches / (matches + mismatches),
        List.of(),
        List.of(),
        0,
        Map.of(),
        errors,
        null);
  }

  private static Verdict judge(long matches, long mismatches) {
    return Verdict.judge(report(matches, mismatches, Map.of()), Map.of(), DEFAULTS);
  }

  @Test
  void cleanComparisonsAreNotEvidenceAgainstTheNewSide() {
    Verdict verdict = judge(254, 0);
    assertThat(verdict.status()).isEqualTo(Verdict.Status.INSUFFICIENT_DATA);
    assertThat(verdict.reasons())
        .containsExactly(
            "0 of 254 differing; about 127 more comparisons without a difference would bring the"
                + " upper bound under 1.00%");
  }

  @Test
  void saysHowManyMoreCleanComparisonsWouldClearTheBound() {
    assertThat(judge(250, 0).reasons())
        .containsExactly(
            "0 of 250 differing; about 131 more comparisons without a difference would bring the"
                + " upper bound under 1.00%");
    // and 131 more do
    assertThat(judge(381, 0).status()).isEqualTo(Verdict.Status.READY);
    assertThat(judge(380, 0).status()).isEqualTo(Verdict.Status.INSUFFICIENT_DATA);
  }

  @Test
  void everyComparisonDifferingIsNotReadyAtOnce() {
    Verdict verdict = judge(0, 60);
    assertThat(verdict.status()).isEqualTo(Verdict.Status.NOT_READY);
    assertThat(verdict.reasons())
        .containsExactly(
            "mismatch rate over 1.00%: 60 of 60 differing (lower bound 93.98%, 95.00% confidence)");
  }

  @Test
  void aFindingNotYetDecisiveIsNamed() {
    Verdict verdict = judge(248, 2);
    assertThat(verdict.status()).isEqualTo(Verdict.Status.INSUFFICIENT_DATA);
    assertThat(verdict.reasons())
        .singleElement()
        .asString()
        .startsWith(
            "the mismatch rate may be over 1.00%: 2 of 250 differing (upper bound 2.87%);"
                + " about ")
        .endsWith(" more comparisons without a difference would bring the upper bound under 1.00%");
  }

  @Test
  void tooFewComparisonsSaysHowManyAreNeededAndWhatElseIsMissing() {
    Verdict verdict = judge(60, 0);
    assertThat(verdict.status()).isEqualTo(Verdict.Status.INSUFFICIENT_DATA);
    assertThat(verdict.reasons())
        .containsExactly(
            "60 of the 100 comparisons needed",
            "0 of 60 differing; about 321 more comparisons without a difference would bring the"
                + " upper bound under 1.00%");
    assertThat(judge(0, 0).reasons()).containsExactly("0 of the 100 comparisons needed");
  }

  @Test
  void readyNeedsEnoughComparisonsEvenWhenTheBoundIsClear() {
    VerdictPolicy loose = new VerdictPolicy(500, 0.05, 0.64, 0, 0.95);
    Verdict verdict = Verdict.judge(report(400, 0, Map.of()), Map.of(), loose);
    assertThat(verdict.status()).isEqualTo(Verdict.Status.INSUFFICIENT_DATA);
    assertThat(verdict.reasons()).containsExactly("400 of the 500 comparisons needed");
  }

  /** 400 clean comparisons; legacy failed none of its 400 calls, the new side this many. */
  private static Verdict judgeNewErrors(long errors) {
    Map<String, RouteReport.Errors> calls =
        Map.of(
            "legacy", new RouteReport.Errors(400, 0, 0),
            "new", new RouteReport.Errors(400, errors, errors / 400.0));
    return Verdict.judge(report(400, 0, calls), Map.of(), DEFAULTS);
  }

  @Test
  void manyNewErrorsAreDecisiveAFewAreNot() {
    Verdict many = judgeNewErrors(40);
    assertThat(many.status()).isEqualTo(Verdict.Status.NOT_READY);
    assertThat(many.reasons())
        .containsExactly(
            "new error rate over legacy's 0.95%: 40 errors in 400 new calls against 0 in 400"
                + " legacy calls (lower bound 7.43%, 95.00% confidence)");

    Verdict few = judgeNewErrors(1);
    assertThat(few.status()).isEqualTo(Verdict.Status.INSUFFICIENT_DATA);
    assertThat(few.reasons())
        .containsExactly(
            "the new error rate may be over legacy's 0.95%: 1 error in 400 new calls against 0 in"
                + " 400 legacy calls (upper bound 1.40%)");
  }

  @Test
  void aThresholdOfZeroIsNeverClearedAndSaysSo() {
    VerdictPolicy strict = new VerdictPolicy(10, 0, 0.64, 0, 0.95);
    Verdict verdict = Verdict.judge(report(1000, 0, Map.of()), Map.of(), strict);
    assertThat(verdict.status()).isEqualTo(Verdict.Status.INSUFFICIENT_DATA);
    assertThat(verdict.reasons())
        .containsExactly(
            "0 of 1000 differing; no number of comparisons brings the upper bound under 0.00%"
                + " (raise ficus.verdict.max-mismatch-rate above 0)");
  }

  @Test
  void divergingReadBacksAfterDualWritesAreEvidenceAgainstTheNewSide() {
    RouteReport clean = report(400, 0, Map.of());
    assertThat(Verdict.judge(clean, Map.of(), DEFAULTS).status()).isEqualTo(Verdict.Status.READY);
    RouteReport diverging = clean.withDualWrite(new DualWriteFigures(30, 10, 0, 0));
    Verdict verdict = Verdict.judge(diverging, Map.of(), DEFAULTS);
    assertThat(verdict.status()).isEqualTo(Verdict.Status.NOT_READY);
    assertThat(verdict.reasons())
        .singleElement()
        .asString()
        .startsWith("divergence rate over 1.00%: 10 of 40 written entities read back diverging");
  }

  @Test
  void fewConvergedReadBacksLeaveTheDivergenceRateOpen() {
    RouteReport few = report(400, 0, Map.of()).withDualWrite(new DualWriteFigures(20, 0, 3, 1));
    Verdict verdict = Verdict.judge(few, Map.of(), DEFAULTS);
    assertThat(verdict.status()).isEqualTo(Verdict.Status.INSUFFICIENT_DATA);
    assertThat(verdict.reasons())
        .singleElement()
        .asString()
        .startsWith("the divergence rate may be over 1.00%: 0 of 20 written entities");
  }
}
