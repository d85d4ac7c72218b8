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

class RedactionTest {

  private static Body json(String text) {
    return Body.of(text.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private static RecordedExchange exchange(String query, Body requestBody, Body responseBody) {
    return new RecordedExchange(
        new RecordedRequest(
            "POST",
            "/users/1",
            query,
            Map.of(
                "authorization", List.of("Bearer s3cret-token"),
                "cookie", List.of("session=s3cret-cookie"),
                "x-api-key", List.of("s3cret-key"),
                "accept", List.of("application/json")),
            requestBody),
        RecordedResponse.answered(
            200,
            Map.of("set-cookie", List.of("session=s3cret-new", "theme=dark")),
            responseBody,
            Duration.ZERO),
        null,
        "users",
        Side.LEGACY,
        null,
        null,
        Instant.EPOCH);
  }

  @Test
  void credentialsConfiguredHeadersParametersAndBodyPathsNeverReachTheLine() {
    Redaction redaction =
        Redaction.of(
            List.of("X-Api-Key"), List.of("token"), List.of("/password", "/cards/*/number"));
    RecordedExchange original =
        exchange(
            "token=s3cret-query&page=2",
            json("{\"name\":\"Ada\",\"password\":\"s3cret-pass\"}"),
            json("{\"cards\":[{\"number\":\"s3cret-card\",\"brand\":\"visa\"}]}"));

    String line = CaptureFormat.write(new CapturedExchange(redaction.apply(original), null));

    assertThat(line).doesNotContain("s3cret");
    assertThat(line)
        .contains("[REDACTED]")
        .contains("page=2")
        .contains("application/json")
        .contains("visa")
        .contains("Ada");
  }

  @Test
  void formBodiesAreRedactedByParameterName() {
    Redaction redaction = Redaction.of(List.of(), List.of("password"), List.of());
    Body form =
        Body.of(
            "user=ada&password=s3cret".getBytes(StandardCharsets.UTF_8),
            "application/x-www-form-urlencoded");

    RecordedExchange redacted = redaction.apply(exchange(null, form, Body.empty(null)));

    assertThat(new String(redacted.request().body().bytes(), StandardCharsets.UTF_8))
        .isEqualTo("user=ada&password=%5BREDACTED%5D");
  }

  @Test
  void aJsonBodyThatCannotBeReadIsReplacedWhole() {
    Redaction redaction = Redaction.of(List.of(), List.of(), List.of("/password"));

    RecordedExchange redacted =
        redaction.apply(exchange(null, json("{\"password\":\"s3cret"), Body.empty(null)));

    assertThat(new String(redacted.request().body().bytes(), StandardCharsets.UTF_8))
        .isEqualTo("[REDACTED]");
    assertThat(redacted.request().body().truncated()).isTrue();
  }

  @Test
  void badNamesAreRefusedWithTheValue() {
    assertThatThrownBy(() -> Redaction.of(List.of("bad header"), List.of(), List.of()))
        .hasMessageContaining("'bad header' is not an HTTP header name");
    assertThatThrownBy(() -> Redaction.of(List.of(), List.of(), List.of("password")))
        .hasMessageContaining("must start with '/'");
  }

  @Test
  void anExampleOfADifferenceShowsNoSecret() {
    Redaction redaction =
        Redaction.of(List.of("X-Api-Key"), List.of("token"), List.of("/card", "/users/*/ssn"));
    dev.ficus.compare.analysis.RouteReport.Example example =
        new dev.ficus.compare.analysis.RouteReport.Example(
            Instant.EPOCH, "t", "GET", "/pay?token=s3cret&page=2", "\"4111\"", "\"4112\"");
    assertThat(redaction.example(example, "/card/number"))
        .isEqualTo(
            new dev.ficus.compare.analysis.RouteReport.Example(
                Instant.EPOCH,
                "t",
                "GET",
                "/pay?token=%5BREDACTED%5D&page=2",
                "[REDACTED]",
                "[REDACTED]"));
    assertThat(
            redaction.example(
                new dev.ficus.compare.analysis.RouteReport.Example(
                    Instant.EPOCH, "t", "GET", "/users", "{\"ssn\":\"123\",\"name\":\"A\"}", null),
                "/users/3"))
        .extracting(dev.ficus.compare.analysis.RouteReport.Example::legacy)
        .isEqualTo("{\"ssn\":\"[REDACTED]\",\"name\":\"A\"}");
    assertThat(redaction.example(example, ":header/x-api-key").fresh()).isEqualTo("[REDACTED]");
    assertThat(redaction.example(example, "/fare").legacy()).isEqualTo("\"4111\"");
  }
}
