package dev.ficus.compare;

import static dev.ficus.compare.Exchanges.NOW;
import static dev.ficus.compare.Exchanges.exchange;
import static dev.ficus.compare.Exchanges.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.noise.NoiseLearner;
import dev.ficus.compare.outcome.NoisyDifference;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.compare.outcome.SkipReason;
import dev.ficus.compare.rules.CompareRules;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExchangeComparatorTest {

  /** A legacy backend with a request id that changes on every call and a field only it has. */
  private static String legacyAnswer(String fare) {
    return """
        {"request_ref":"%s","fare":%s,"server":"node-%d"}"""
        .formatted(
            Long.toHexString(Double.doubleToLongBits(Math.random())),
            fare,
            (int) (Math.random() * 1000));
  }

  @Test
  void learnsFromLegacyAgainstItselfWhichPathsAreNoise() {
    ExchangeComparator comparator =
        new ExchangeComparator(CompareRules.ofDefaults(), new NoiseLearner());
    Outcome before =
        comparator.compare(exchange(json(legacyAnswer("10")), json(legacyAnswer("10"))));
    assertThat(before).isInstanceOf(Outcome.Mismatch.class);

    for (int i = 0; i < 5; i++) {
      comparator.learnNoise(json(legacyAnswer("10")), json(legacyAnswer("10")));
    }
    assertThat(comparator.noise().learned()).containsOnlyKeys("/request_ref", "/server");

    Outcome match =
        comparator.compare(exchange(json(legacyAnswer("10")), json(legacyAnswer("10"))));
    assertThat(match).isInstanceOf(Outcome.Match.class);
    assertThat(((Outcome.Match) match).noise())
        .extracting(NoisyDifference::reason)
        .containsOnly("learned");

    Outcome mismatch =
        comparator.compare(exchange(json(legacyAnswer("10")), json(legacyAnswer("11"))));
    assertThat(mismatch).isInstanceOf(Outcome.Mismatch.class);
    Outcome.Mismatch real = (Outcome.Mismatch) mismatch;
    assertThat(real.differences()).extracting(d -> d.path()).containsExactly("/fare");
    assertThat(real.noise()).extracting(n -> n.difference().path()).contains("/request_ref");
  }

  @Test
  void recognisesUuidsAndCurrentTimestampsWithoutConfiguration() {
    ExchangeComparator comparator =
        new ExchangeComparator(CompareRules.ofDefaults(), new NoiseLearner());
    String legacy =
        """
        {"id":"%s","at":%d,"iso":"%s","old":"2001-01-01T00:00:00Z"}"""
            .formatted(UUID.randomUUID(), NOW.toEpochMilli(), NOW.toString());
    String fresh =
        """
        {"id":"%s","at":%d,"iso":"%s","old":"2002-01-01T00:00:00Z"}"""
            .formatted(UUID.randomUUID(), NOW.toEpochMilli() + 5, NOW.plusMillis(7).toString());
    Outcome outcome = comparator.compare(exchange(json(legacy), json(fresh)));
    assertThat(outcome).isInstanceOf(Outcome.Mismatch.class);
    Outcome.Mismatch mismatch = (Outcome.Mismatch) outcome;
    assertThat(mismatch.differences()).extracting(d -> d.path()).containsExactly("/old");
    assertThat(mismatch.noise())
        .extracting(n -> n.difference().path() + "=" + n.reason())
        .containsExactly("/id=uuid", "/at=timestamp", "/iso=timestamp");
  }

  @Test
  void skipsWhatCannotBeCompared() {
    ExchangeComparator comparator =
        new ExchangeComparator(CompareRules.ofDefaults(), new NoiseLearner());
    RecordedResponse big =
        new RecordedResponse(
            200,
            Map.of(),
            new Body(new byte[10], "application/json", 5_000_000, true),
            Duration.ZERO,
            null);
    assertThat(comparator.compare(exchange(json("{}"), big)))
        .isEqualTo(new Outcome.Skipped(SkipReason.BODY_TOO_LARGE, null));
    assertThat(
            comparator.compare(
                exchange(json("{}"), RecordedResponse.failed("Connection reset", Duration.ZERO))))
        .isEqualTo(new Outcome.Skipped(SkipReason.SHADOW_FAILED, "Connection reset"));
    assertThat(
            comparator.compare(
                exchange(
                    json("{}"),
                    RecordedResponse.failed("response timeout after 2s", Duration.ZERO))))
        .extracting(Outcome::kind, o -> ((Outcome.Skipped) o).reason())
        .containsExactly(Outcome.Kind.SKIPPED, SkipReason.SHADOW_TIMEOUT);
  }
}
