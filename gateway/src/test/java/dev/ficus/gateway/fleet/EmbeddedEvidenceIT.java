package dev.ficus.gateway.fleet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.FlagsFiles;
import dev.ficus.gateway.testing.Replica;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One gateway with nothing configured for its evidence: it keeps it in an embedded database in a
 * folder, and a restart keeps the route's comparisons and verdict.
 */
class EmbeddedEvidenceIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final WireMockServer legacy = Backends.named("legacy");
  static final WireMockServer fresh = Backends.named("new");

  @AfterAll
  static void stop() {
    legacy.stop();
    fresh.stop();
  }

  @Test
  void aRestartedGatewayKeepsItsRoutesComparisonsAndVerdict() {
    for (WireMockServer side : new WireMockServer[] {legacy, fresh}) {
      side.stubFor(
          get(urlPathMatching("/trips/.*"))
              .atPriority(1)
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"id\":\"T1\",\"fare\":" + (side == fresh ? "12.52" : "12.53") + "}")));
    }
    Path dir = FlagsFiles.temporaryDirectory().resolve("evidence");
    Map<String, String> settings =
        Map.of(
            "ficus.legacy.uri", Backends.uri(legacy),
            "ficus.admin.token", "embedded-token",
            "ficus.verdict.min-comparisons", "30",
            "ficus.evidence.dir", dir.toString(),
            "ficus.evidence.flush-interval", "500ms",
            "ficus.routes[0].id", "trips",
            "ficus.routes[0].paths[0]", "/trips/**",
            "ficus.routes[0].mode", "shadow",
            "ficus.routes[0].new-uri", Backends.uri(fresh));
    JsonNode before;
    try (Replica gateway = Replica.start("only", settings)) {
      Client client = gateway.client();
      for (int i = 0; i < 40; i++) {
        assertThat(client.get("/trips/" + i, "X-User-Id", "u" + i).statusCode()).isEqualTo(200);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> fleet(gateway).get("comparisons").get("mismatch").asLong() == 40);
      before = fleet(gateway);
    }
    assertThat(Files.isDirectory(dir)).as("the embedded database's folder").isTrue();
    try (Replica restarted = Replica.start("only", settings)) {
      JsonNode after = fleet(restarted);
      assertThat(after.get("comparisons")).isEqualTo(before.get("comparisons"));
      assertThat(after.get("verdict")).isEqualTo(before.get("verdict"));
      assertThat(after.get("verdict").get("status").asString()).isEqualTo("NOT_READY");
      assertThat(after.get("verdict").get("reasons").get(0).asString())
          .startsWith("mismatch rate over ");
      assertThat(
              JSON.readTree(
                      restarted
                          .client()
                          .get("/ficus/routes/trips", "Authorization", "Bearer embedded-token")
                          .body())
                  .get("comparisons")
                  .get("mismatch")
                  .asLong())
          .as("the replica's own view starts afresh")
          .isZero();
    }
  }

  static JsonNode fleet(Replica gateway) {
    return JSON.readTree(
        gateway
            .client()
            .get("/ficus/fleet/routes/trips", "Authorization", "Bearer embedded-token")
            .body());
  }
}
