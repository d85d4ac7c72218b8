package dev.ficus.gateway.observe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.shadow.ShadowSampler;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.Routes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** One trace per request: the server span, the primary and the shadow call, the comparison. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTracing
@ExtendWith(OutputCaptureExtension.class)
class TracingIT {

  static final WireMockServer legacy = Backends.named("legacy");
  static final WireMockServer fresh = Backends.named("new");
  static final WireMockServer otlp = Backends.named("otlp-collector");
  static final String USER = "rider-secret-42";
  static final String SECRET = "Bearer sk-live-7f3a9c";

  @TestConfiguration
  static class Spans {
    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
      return InMemorySpanExporter.create();
    }
  }

  @Autowired InMemorySpanExporter spans;
  @LocalServerPort int port;

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    registry.add("ficus.admin.token", () -> "trace-token");
    registry.add(
        "management.opentelemetry.tracing.export.otlp.endpoint",
        () -> Backends.uri(otlp) + "/v1/traces");
    Routes.route(registry, 0, "vehicles", "/vehicles/**", "shadow", Backends.uri(fresh));
    String down =
        Routes.route(
            registry, 1, "down", "/down/**", "new", "http://127.0.0.1:" + Backends.closedPort());
    registry.add(down + "fallback.enabled", () -> "false");
    String reverse = Routes.route(registry, 2, "trips", "/trips/**", "new", Backends.uri(fresh));
    registry.add(reverse + "shadow.enabled", () -> "true");
  }

  @AfterAll
  static void stopBackends() {
    legacy.stop();
    fresh.stop();
    otlp.stop();
  }

  private static String attribute(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  private static SpanData one(
      List<SpanData> spans, String description, java.util.function.Predicate<SpanData> which) {
    List<SpanData> found = spans.stream().filter(which).toList();
    assertThat(found).as(description + " in " + spans).hasSize(1);
    return found.get(0);
  }

  @Test
  void tracesTheDecisionThePrimaryAndShadowCallsAndTheComparison(CapturedOutput output) {
    legacy.stubFor(
        get(urlPathMatching("/vehicles/.*"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"vin\":\"V1\",\"legacy_code\":\"L7\"}")));
    fresh.stubFor(
        get(urlPathMatching("/vehicles/.*"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"vin\":\"V1\"}")));
    spans.reset();
    Client client = new Client(port);
    assertThat(client.get("/vehicles/7", "X-User-Id", USER, "Authorization", SECRET).statusCode())
        .isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                spans.getFinishedSpanItems().stream()
                    .anyMatch(span -> span.getName().startsWith("compare")));
    SpanData server =
        one(
            spans.getFinishedSpanItems(),
            "server span of the request",
            span ->
                span.getKind() == SpanKind.SERVER
                    && "vehicles".equals(attribute(span, "ficus.route")));
    String trace = server.getTraceId();
    // Only this request's trace: spans of other requests may finish while this test runs.
    List<SpanData> all =
        spans.getFinishedSpanItems().stream()
            .filter(span -> span.getTraceId().equals(trace))
            .toList();
    assertThat(attribute(server, "ficus.route")).isEqualTo("vehicles");
    assertThat(attribute(server, "ficus.stage")).isEqualTo("shadow");
    assertThat(attribute(server, "ficus.side")).isEqualTo("legacy");
    assertThat(attribute(server, "ficus.reason")).isEqualTo("mode");
    assertThat(attribute(server, "ficus.user")).isEqualTo(ShadowSampler.userHash(USER));

    SpanData primary =
        one(
            all,
            "primary call",
            span ->
                span.getKind() == SpanKind.CLIENT
                    && !"true".equals(attribute(span, "ficus.shadow")));
    SpanData shadow =
        one(all, "shadow call", span -> "true".equals(attribute(span, "ficus.shadow")));
    SpanData compare = one(all, "comparison", span -> span.getName().startsWith("compare"));
    assertThat(List.of(primary, shadow, compare))
        .allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(trace));
    assertThat(primary.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(shadow.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(shadow.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(attribute(shadow, "ficus.side")).isEqualTo("new");
    assertThat(compare.getParentSpanId()).isEqualTo(shadow.getSpanId());
    assertThat(attribute(compare, "ficus.outcome")).isEqualTo("mismatch");
    assertThat(attribute(compare, "ficus.differences")).isEqualTo("1");
    assertThat(compare.getEvents())
        .anySatisfy(
            event -> assertThat(event.getName()).isEqualTo("differing paths: /legacy_code"));

    String toNew = fresh.getAllServeEvents().get(0).getRequest().getHeader("traceparent");
    String toLegacy = legacy.getAllServeEvents().get(0).getRequest().getHeader("traceparent");
    assertThat(toNew).startsWith("00-" + trace + "-" + shadow.getSpanId());
    assertThat(toLegacy).startsWith("00-" + trace + "-" + primary.getSpanId());

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .get(
                                "/ficus/routes/vehicles/mismatches?limit=1",
                                "Authorization",
                                "Bearer trace-token")
                            .body())
                    .contains("\"traceId\":\"" + trace + "\""));

    assertThat(all)
        .allSatisfy(span -> assertThat(span.getAttributes().toString()).doesNotContain(USER));
    assertThat(output.getAll()).doesNotContain(USER);
  }

  @Test
  void namesTheUpstreamEachCallReallyWentTo() {
    spans.reset();
    assertThat(new Client(port).get("/trips/9?x=1", "X-User-Id", USER).body()).isEqualTo("new");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                spans.getFinishedSpanItems().stream()
                    .anyMatch(span -> "true".equals(attribute(span, "ficus.shadow"))));
    SpanData server =
        one(
            spans.getFinishedSpanItems(),
            "server span of the request",
            span ->
                span.getKind() == SpanKind.SERVER
                    && "trips".equals(attribute(span, "ficus.route")));
    List<SpanData> all =
        spans.getFinishedSpanItems().stream()
            .filter(span -> span.getTraceId().equals(server.getTraceId()))
            .toList();
    SpanData primary =
        one(
            all,
            "primary call",
            span ->
                span.getKind() == SpanKind.CLIENT
                    && !"true".equals(attribute(span, "ficus.shadow")));
    SpanData shadow =
        one(all, "shadow call", span -> "true".equals(attribute(span, "ficus.shadow")));
    assertThat(attribute(primary, "http.uri")).isEqualTo(Backends.uri(fresh) + "/trips/9?x=1");
    assertThat(attribute(primary, "spring.cloud.gateway.route.uri")).isEqualTo(Backends.uri(fresh));
    assertThat(attribute(primary, "ficus.side")).isEqualTo("new");
    assertThat(attribute(shadow, "http.uri")).isEqualTo(Backends.uri(legacy) + "/trips/9?x=1");
    assertThat(attribute(shadow, "ficus.side")).isEqualTo("legacy");
    String metrics = new Client(port).get("/ficus/actuator/prometheus").body();
    assertThat(metrics)
        .containsPattern(
            "http_client_requests_seconds_count\\{[^}]*spring_cloud_gateway_route_id=\"trips\""
                + "[^}]*spring_cloud_gateway_route_uri=\""
                + java.util.regex.Pattern.quote(Backends.uri(fresh))
                + "\"");
  }

  @Test
  void writesTheTraceIdIntoTheLogLinesOfARequest(CapturedOutput output) {
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    HttpResponse<String> response =
        new Client(port).get("/down/1", "traceparent", "00-" + trace + "-00f067aa0ba902b7-01");
    assertThat(response.statusCode()).isEqualTo(502);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(output.getAll())
                    .containsPattern(
                        "\\[" + trace + "-[0-9a-f]{16}\\].*The new side of route down"));
  }
}
