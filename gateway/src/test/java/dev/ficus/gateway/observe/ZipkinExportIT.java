package dev.ficus.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.Routes;
import dev.ficus.gateway.testing.ZipkinServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Spans leave the process and arrive, as one tree, in a real Zipkin server started by the test. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTracing
class ZipkinExportIT {

  static final WireMockServer legacy = Backends.named("legacy");
  static final WireMockServer fresh = Backends.named("new");
  static final ZipkinServer zipkin = ZipkinServer.start();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    // The endpoint alone turns export on, as the docs say.
    registry.add("management.tracing.export.zipkin.endpoint", zipkin::spansEndpoint);
    Routes.route(registry, 0, "vehicles", "/vehicles/**", "shadow", Backends.uri(fresh));
  }

  @AfterAll
  static void stop() {
    legacy.stop();
    fresh.stop();
    zipkin.close();
  }

  @Test
  void sendsTheWholeSpanTreeOfARequestToZipkin() {
    assertThat(new Client(port).get("/vehicles/9", "X-User-Id", "rider-1").statusCode())
        .isEqualTo(200);
    List<JsonNode> trace = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonNode traces =
                  JsonMapper.builder()
                      .build()
                      .readTree(zipkin.get("/api/v2/traces?serviceName=ficus&limit=10").body());
              trace.clear();
              for (JsonNode candidate : traces) {
                List<JsonNode> spans = new ArrayList<>();
                candidate.forEach(spans::add);
                if (spans.stream()
                    .anyMatch(span -> span.path("name").asString().startsWith("compare"))) {
                  trace.addAll(spans);
                }
              }
              assertThat(trace).isNotEmpty();
              assertThat(trace)
                  .anySatisfy(
                      span -> {
                        assertThat(span.path("kind").asString()).isEqualTo("SERVER");
                        assertThat(span.path("tags").path("ficus.route").asString())
                            .isEqualTo("vehicles");
                        assertThat(span.path("tags").path("ficus.side").asString())
                            .isEqualTo("legacy");
                      });
              assertThat(trace)
                  .anySatisfy(
                      span -> {
                        assertThat(span.path("kind").asString()).isEqualTo("CLIENT");
                        assertThat(span.path("tags").path("ficus.shadow").asString())
                            .isEqualTo("true");
                      });
            });
    assertThat(trace)
        .extracting(span -> span.path("traceId").asString())
        .containsOnly(trace.get(0).path("traceId").asString());
  }
}
