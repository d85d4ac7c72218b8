package dev.ficus.compare.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.compare.ExchangeComparator;
import dev.ficus.compare.Exchanges;
import dev.ficus.compare.Side;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.noise.NoiseLearner;
import dev.ficus.compare.outcome.SkipReason;
import dev.ficus.compare.rules.CompareRules;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouteStatisticsTest {

  private final NoiseLearner learner = new NoiseLearner();
  private final ExchangeComparator comparator =
      new ExchangeComparator(CompareRules.ofDefaults(), learner);
  private final RouteStatistics statistics = new RouteStatistics("trips", 10);

  private void compare(String legacy, String fresh, long legacyMillis, long newMillis) {
    RecordedResponse a = timed(legacy, legacyMillis);
    RecordedResponse b = timed(fresh, newMillis);
    RecordedExchange exchange = Exchanges.exchange(a, b);
    statistics.recordDecision(Side.LEGACY);
    statistics.recordCall(Side.LEGACY, a);
    statistics.recordCall(Side.NEW, b);
    statistics.recordOutcome(exchange, comparator.compare(exchange));
  }

  private static RecordedResponse timed(String body, long millis) {
    return Exchanges.json(body, millis);
  }

  @Test
  void needsEnoughComparisonsBeforeJudging() {
    for (int i = 0; i < 10; i++) {
      compare("{\"a\":1}", "{\"a\":1}", 10, 10);
    }
    RouteReport report = statistics.report(VerdictPolicy.ofDefaults(), learner, 5);
    assertThat(report.verdict().status()).isEqualTo(Verdict.Status.INSUFFICIENT_DATA);
    assertThat(report.verdict().reasons())
        .containsExactly(
            "10 of the 100 comparisons needed",
            "0 of 10 differing; about 371 more comparisons without a difference would bring the"
                + " upper bound under 1.00%");
  }

  @Test
  void judgesReadyWhenTheNewSideAgreesAndKeepsUp() {
    // 1 mismatch in 601: the rate's upper bound is 0.94%, under 1%; both sides take 10 or 11 ms.
    for (int i = 0; i < 600; i++) {
      compare("{\"a\":1}", "{\"a\":1}", 10 + i % 2, 11 - i % 2);
    }
    compare("{\"a\":1}", "{\"a\":2}", 10, 11);
    RouteReport report = statistics.report(VerdictPolicy.ofDefaults(), learner, 5);
    assertThat(report.mismatchRate()).isEqualTo(1.0 / 601);
    assertThat(report.verdict().status())
        .as(report.verdict().toString())
        .isEqualTo(Verdict.Status.READY);
    assertThat(report.latency().get("legacy").p95Millis()).isBetween(10.9, 11.1);
  }

  @Test
  void aFewCleanComparisonsAreNotEnoughEvidenceYetNorEvidenceAgainst() {
    // 0 mismatches in 201: the rate could still be 1.88%.
    for (int i = 0; i < 201; i++) {
      compare("{\"a\":1}", "{\"a\":1}", 10, 10);
    }
    RouteReport report = statistics.report(VerdictPolicy.ofDefaults(), learner, 5);
    assertThat(report.verdict().status()).isEqualTo(Verdict.Status.INSUFFICIENT_DATA);
    assertThat(report.verdict().reasons())
        .containsExactly(
            "0 of 201 differing; about 180 more comparisons without a difference would bring the"
                + " upper bound under 1.00%");
  }

  @Test
  void listsTheReasonsARouteIsNotReady() {
    for (int i = 0; i < 100; i++) {
      compare(
          "{\"vehicles\":[{\"vin\":\"A\",\"legacy_code\":1}]}",
          "{\"vehicles\":[{\"vin\":\"A\"}]}",
          10,
          40);
    }
    statistics.recordCall(
        Side.NEW, RecordedResponse.failed("Connection refused", Duration.ofMillis(1)));
    statistics.recordSkipped(SkipReason.SATURATED);
    RouteReport report = statistics.report(VerdictPolicy.ofDefaults(), learner, 5);
    assertThat(report.verdict().status()).isEqualTo(Verdict.Status.NOT_READY);
    assertThat(report.verdict().reasons())
        .containsExactly(
            "mismatch rate over 1.00%: 100 of 100 differing (lower bound 96.30%, 95.00%"
                + " confidence)",
            "new side slower: a new call is slower than a legacy call 100.00% of the time, over"
                + " 64.00% (Mann-Whitney p=0.0000; p95 40.0 ms against 10.0 ms)",
            "the new error rate may be over legacy's 3.70%: 1 error in 101 new calls against 0 in"
                + " 100 legacy calls (upper bound 5.40%)");
    assertThat(report.topDifferences())
        .singleElement()
        .satisfies(
            top -> {
              assertThat(top.path()).isEqualTo("/vehicles/*/legacy_code");
              assertThat(top.kind()).isEqualTo("missing_on_new");
              assertThat(top.count()).isEqualTo(100);
              assertThat(top.example().target()).isEqualTo("/trips/1");
            });
    assertThat(report.skipped()).containsEntry("saturated", 1L);
    assertThat(statistics.recentMismatches(100)).hasSize(10);
  }

  @Test
  void countsMismatchesAsMatchesOnceTheirPathsAreLearnedAsNoise() {
    for (int i = 0; i < 3; i++) {
      compare("{\"ref\":\"a" + i + "\",\"fare\":1}", "{\"ref\":\"b" + i + "\",\"fare\":1}", 10, 10);
    }
    compare("{\"ref\":\"x\",\"fare\":1}", "{\"ref\":\"y\",\"fare\":2}", 10, 10);
    RouteReport before = statistics.report(VerdictPolicy.ofDefaults(), learner, 5);
    assertThat(before.outcomes()).containsEntry("mismatch", 4L).containsEntry("match", 0L);

    comparator.learnNoise(Exchanges.json("{\"ref\":\"p\"}"), Exchanges.json("{\"ref\":\"q\"}"));

    RouteReport after = statistics.report(VerdictPolicy.ofDefaults(), learner, 5);
    assertThat(after.outcomes()).containsEntry("mismatch", 1L).containsEntry("match", 3L);
    assertThat(after.topDifferences())
        .extracting(RouteReport.PathCount::path)
        .containsExactly("/fare");
    assertThat(after.noise())
        .singleElement()
        .isEqualTo(new RouteReport.NoisePath("/ref", "learned", 4, 1));
    assertThat(statistics.recentMismatches(10, learner)).hasSize(1);
  }
}
