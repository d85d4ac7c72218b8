package dev.ficus.gateway.observe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.Routes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every {@code ficus_*} series a scrape shows is described (HELP), labelled with one vocabulary,
 * and documented in docs/operations.md; nothing only a replay can say appears on the gateway.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTracing
class MetricsIT {

  static final WireMockServer legacy = Backends.named("legacy");
  static final WireMockServer fresh = Backends.named("new");

  @LocalServerPort int port;

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    Routes.route(registry, 0, "vehicles", "/vehicles/**", "shadow", Backends.uri(fresh));
  }

  @AfterAll
  static void stopBackends() {
    legacy.stop();
    fresh.stop();
  }

  @Test
  void everyFicusSeriesIsDescribedLabelledAlikeAndDocumented() throws IOException {
    legacy.stubFor(
        get(urlPathMatching("/vehicles/.*"))
            .atPriority(1)
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody("{\"a\":1}")));
    fresh.stubFor(
        get(urlPathMatching("/vehicles/.*"))
            .atPriority(1)
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody("{\"a\":2}")));
    Client client = new Client(port);
    for (int i = 0; i < 20; i++) {
      assertThat(client.get("/vehicles/" + i, "X-User-Id", "u" + i).statusCode()).isEqualTo(200);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client
                    .get("/ficus/actuator/prometheus")
                    .body()
                    .contains(
                        "ficus_shadow_outcomes_total{outcome=\"mismatch\",reason=\"none\",route=\"vehicles\"} 20"));
    String scrape = client.get("/ficus/actuator/prometheus").body();
    String operations = Files.readString(Path.of("..", "docs", "operations.md"));

    Matcher help = Pattern.compile("(?m)^# HELP (ficus_\\w+) ?(.*)$").matcher(scrape);
    List<String> families = new java.util.ArrayList<>();
    while (help.find()) {
      families.add(help.group(1));
      assertThat(help.group(2)).as("HELP of %s", help.group(1)).isNotBlank();
      assertThat(operations).as("docs/operations.md on %s", help.group(1)).contains(help.group(1));
    }
    assertThat(families)
        .contains(
            "ficus_decisions_total",
            "ficus_shadow_outcomes_total",
            "ficus_upstream_latency_seconds",
            "ficus_requests_total");
    assertThat(scrape)
        .doesNotContain("ficus_route=")
        .doesNotContain("ficus_side=")
        .doesNotContain("ficus_compare_seconds")
        .doesNotContain("ficus_shadow_seconds")
        .doesNotContain("ficus_shadow_active_seconds")
        .doesNotContain("differing_paths")
        .as("replay-only skip reasons")
        .doesNotContain("no_recorded_answer");
    Matcher labels = Pattern.compile("(?m)^ficus_\\w+\\{([^}]*)}").matcher(scrape);
    while (labels.find()) {
      for (String label : labels.group(1).split(",(?=\\w+=)")) {
        assertThat(label.substring(0, label.indexOf('=')))
            .as("label of %s", labels.group())
            .isIn(
                "route",
                "side",
                "outcome",
                "reason",
                "status",
                "le",
                "quantile",
                "source",
                "stage");
      }
    }
  }
}
