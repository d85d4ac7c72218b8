package dev.ficus.compare;

import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Exchanges for tests: one GET of a trip, answered with JSON. */
public final class Exchanges {

  public static final Instant NOW = Instant.now();

  private Exchanges() {}

  public static RecordedResponse json(String body) {
    return json(body, 3);
  }

  public static RecordedResponse json(String body, long millis) {
    return RecordedResponse.answered(
        200,
        Map.of(),
        Body.of(body.getBytes(StandardCharsets.UTF_8), "application/json"),
        Duration.ofMillis(millis));
  }

  /** An answer of the given content type. */
  public static RecordedResponse answer(String body, String contentType) {
    return RecordedResponse.answered(
        200,
        Map.of(),
        Body.of(body.getBytes(StandardCharsets.UTF_8), contentType),
        Duration.ofMillis(3));
  }

  public static RecordedExchange exchange(RecordedResponse legacy, RecordedResponse fresh) {
    return new RecordedExchange(
        new RecordedRequest("GET", "/trips/1", null, Map.of(), null),
        legacy,
        fresh,
        "trips",
        Side.LEGACY,
        null,
        "4bf92f3577b34da6a3ce929d0e0e4736",
        NOW);
  }
}
