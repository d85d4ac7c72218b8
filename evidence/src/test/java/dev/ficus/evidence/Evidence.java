package dev.ficus.evidence;

import dev.ficus.compare.Side;
import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.outcome.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Recorded traffic for the tests: answers with known latencies, matches and mismatches. */
final class Evidence {

  private Evidence() {}

  static RecordedResponse answer(long latencyMicros) {
    return RecordedResponse.answered(
        200, Map.of(), Body.empty(null), Duration.ofNanos(latencyMicros * 1_000));
  }

  static RecordedExchange exchange(String path, Instant time) {
    return new RecordedExchange(
        new RecordedRequest("GET", path, null, Map.of(), Body.empty(null)),
        answer(1_000),
        answer(1_000),
        "trips",
        Side.LEGACY,
        "user",
        "trace",
        time);
  }

  static Outcome mismatch(String path) {
    return new Outcome.Mismatch(List.of(new Difference.ValueChanged(path, "1", "2")), List.of());
  }

  static Outcome match() {
    return new Outcome.Match(List.of());
  }

  /** One served request, a shadow call to the other side, and its comparison. */
  static void request(
      BucketRecorder recorder, long legacyMicros, long newMicros, Outcome outcome, Instant time) {
    recorder.recordDecision(Side.LEGACY);
    recorder.recordCall(Side.LEGACY, answer(legacyMicros));
    recorder.recordCall(Side.NEW, answer(newMicros));
    recorder.recordOutcome(exchange("/trips/1", time), outcome);
  }
}
