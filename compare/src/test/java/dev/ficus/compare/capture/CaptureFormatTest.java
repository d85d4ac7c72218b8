package dev.ficus.compare.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.compare.Side;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureFormatTest {

  static RecordedExchange sample() {
    return new RecordedExchange(
        new RecordedRequest(
            "POST",
            "/trips",
            "dry=true",
            Map.of("content-type", List.of("application/json"), "x-user-id", List.of("u-1")),
            Body.of("{\"from\":\"A\"}".getBytes(StandardCharsets.UTF_8), "application/json")),
        RecordedResponse.answered(
            201,
            Map.of("content-type", List.of("application/json")),
            Body.of("{\"id\":7}".getBytes(StandardCharsets.UTF_8), "application/json"),
            Duration.ofMillis(12)),
        RecordedResponse.failed("timeout after 2s", Duration.ofSeconds(2)),
        "trips",
        Side.LEGACY,
        "0123456789abcdef",
        "4bf92f3577b34da6a3ce929d0e0e4736",
        Instant.parse("2026-11-26T01:02:03.456Z"));
  }

  @Test
  void aRecordReadsBackAsWritten() throws Exception {
    CapturedExchange written = new CapturedExchange(sample(), "mismatch", List.of("/id"));

    String line = CaptureFormat.write(written);
    CapturedExchange read = CaptureFormat.read(line);

    assertThat(line).doesNotContain("\n").startsWith("{\"schema\":\"ficus.capture/1\"");
    assertThat(read.outcome()).isEqualTo("mismatch");
    assertThat(read.differences()).containsExactly("/id");
    RecordedExchange exchange = read.exchange();
    assertThat(exchange.request()).isEqualTo(written.exchange().request());
    assertThat(exchange.legacy().status()).isEqualTo(201);
    assertThat(new String(exchange.legacy().body().bytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":7}");
    assertThat(exchange.legacy().latency()).isEqualTo(Duration.ofMillis(12));
    assertThat(exchange.fresh().error()).isEqualTo("timeout after 2s");
    assertThat(exchange.routeId()).isEqualTo("trips");
    assertThat(exchange.servingSide()).isEqualTo(Side.LEGACY);
    assertThat(exchange.userHash()).isEqualTo("0123456789abcdef");
    assertThat(exchange.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(exchange.time()).isEqualTo(Instant.parse("2026-11-26T01:02:03.456Z"));
  }

  @Test
  void binaryAndTruncatedBodiesKeepTheirBytesAndMark() throws Exception {
    byte[] bytes = {(byte) 0xff, 0, 1, (byte) 0xfe};
    RecordedExchange exchange =
        new RecordedExchange(
            new RecordedRequest("GET", "/img", null, Map.of(), null),
            RecordedResponse.answered(
                200, Map.of(), new Body(bytes, "image/png", 90_000, true), Duration.ZERO),
            null,
            "img",
            Side.LEGACY,
            null,
            null,
            Instant.EPOCH);

    String line = CaptureFormat.write(new CapturedExchange(exchange, null));
    RecordedResponse read = CaptureFormat.read(line).exchange().legacy();

    assertThat(line).contains("\"base64\"").contains("\"truncated\":true");
    assertThat(read.body().bytes()).isEqualTo(bytes);
    assertThat(read.body().truncated()).isTrue();
    assertThat(read.body().length()).isEqualTo(90_000);
    assertThat(CaptureFormat.read(line).exchange().fresh()).isNull();
  }

  @Test
  void aLineThatIsNotARecordSaysWhatIsWrong() {
    assertThatThrownBy(() -> CaptureFormat.read("{not json"))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> CaptureFormat.read("{\"request\":{}}"))
        .hasMessageContaining("no 'schema' field");
    assertThatThrownBy(() -> CaptureFormat.read("{\"schema\":\"ficus.capture/2\"}"))
        .hasMessageContaining("schema 'ficus.capture/2' is not supported");
    assertThatThrownBy(
            () ->
                CaptureFormat.read(
                    "{\"schema\":\"ficus.capture/1\",\"request\":{\"method\":\"GET\",\"path\":\"x\"}}"))
        .hasMessageContaining("path starting with '/'");
    assertThatThrownBy(
            () ->
                CaptureFormat.read(
                    "{\"schema\":\"ficus.capture/1\",\"request\":{\"method\":\"GET\",\"path\":\"/\"},"
                        + "\"legacy\":{\"status\":999}}"))
        .hasMessageContaining("'legacy.status' must be an HTTP status");
  }
}
