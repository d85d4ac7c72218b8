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
    assertThat(report.verdict().reasons()).containsExactly("10 of the 100 comparisons needed");
  }

  @Test
  void judgesReadyWhenTheNewSideAgreesAndKeepsUp() {
    for (int i = 0; i < 200; i++) {
      compare("{\"a\":1}", "{\"a\":1}", 10, 11);
    }
    compare("{\"a\":1}", "{\"a\":2}", 10, 11);
    RouteReport report = statistics.report(VerdictPolicy.ofDefaults(), learner, 5);
    assertThat(report.mismatchRate()).isEqualTo(1.0 / 201);
    assertThat(report.verdict().status()).isEqualTo(Verdict.Status.READY);
    assertThat(report.latency().get("legacy").p95Millis()).isBetween(9.9, 10.1);
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
            "mismatch rate 100.00% is over 1.00%",
            "new p95 latency 40.0 ms is over 1.50 x legacy p95 10.0 ms",
            "new error rate 0.99% is worse than legacy's 0.00%");
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
