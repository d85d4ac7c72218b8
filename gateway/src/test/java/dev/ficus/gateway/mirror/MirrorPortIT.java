package dev.ficus.gateway.mirror;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.Replica;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ficus behind a mesh that mirrors requests to it, fire and forget: copies on the mirror port are
 * compared as shadowed requests are (legacy called at its read replica), answered 202 at once,
 * writes never sent on, routes whose stage compares nothing counted as not compared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorPortIT {

  static final String TOKEN = "mirror-admin-token";
  static final JsonMapper JSON = JsonMapper.builder().build();
  final WireMockServer legacy = Backends.named("legacy");
  final WireMockServer replica = Backends.named("legacy-replica");
  final WireMockServer fresh = Backends.named("new");
  final int mirrorPort = Backends.closedPort();
  Replica gateway;

  @BeforeAll
  void start() {
    for (WireMockServer side : new WireMockServer[] {replica, fresh}) {
      side.stubFor(
          get(urlPathMatching("/trips/.*"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"trip\":\"{{request.pathSegments.[1]}}\",\"fare\":"
                              + (side == fresh ? "12.60" : "12.50")
                              + "}")
                      .withTransformers("response-template")));
    }
    Map<String, String> settings = new HashMap<>();
    settings.put("ficus.legacy.uri", Backends.uri(legacy));
    settings.put("ficus.admin.token", TOKEN);
    settings.put("ficus.evidence.enabled", "false");
    settings.put("ficus.verdict.max-latency-effect", "1");
    settings.put("ficus.mirror.port", Integer.toString(mirrorPort));
    settings.put("ficus.mirror.legacy-uri", Backends.uri(replica));
    settings.put("ficus.routes[0].id", "trips");
    settings.put("ficus.routes[0].paths[0]", "/trips/**");
    settings.put("ficus.routes[0].mode", "shadow");
    settings.put("ficus.routes[0].new-uri", Backends.uri(fresh));
    settings.put("ficus.routes[1].id", "vehicles");
    settings.put("ficus.routes[1].paths[0]", "/vehicles/**");
    settings.put("ficus.routes[1].mode", "legacy");
    settings.put("ficus.routes[1].new-uri", Backends.uri(fresh));
    gateway = Replica.start("mirror", settings);
  }

  @AfterAll
  void stop() {
    gateway.close();
    legacy.stop();
    replica.stop();
    fresh.stop();
  }

  private JsonNode route(String id) {
    HttpResponse<String> response =
        gateway.client().get("/ficus/routes/" + id, "Authorization", "Bearer " + TOKEN);
    return JSON.readTree(response.body());
  }

  @Test
  void comparesMirroredReadsAgainstTheReadReplicaAndSendsNoWriteOn() {
    Client mirror = new Client(mirrorPort);
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> copy = mirror.get("/trips/" + i, "X-User-Id", "u" + i);
      assertThat(copy.statusCode()).as("the mirror's answer, at once").isEqualTo(202);
      assertThat(copy.body()).isEmpty();
    }
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> write =
          mirror.send(
              mirror
                  .request("/trips/" + i)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"book\":true}"))
                  .build());
      assertThat(write.statusCode()).isEqualTo(202);
    }
    assertThat(mirror.get("/vehicles/1", "X-User-Id", "u1").statusCode()).isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(route("trips").path("comparisons").path("mismatch").asLong())
                    .isEqualTo(10));
    JsonNode trips = route("trips");
    assertThat(trips.get("topDifferences").get(0).get("path").asString()).isEqualTo("/fare");
    assertThat(trips.path("skipped").path("mirrored_write").asLong()).isEqualTo(3);
    assertThat(route("vehicles").path("skipped").path("not_compared_at_stage").asLong())
        .isEqualTo(1);
    assertThat(legacy.findAll(anyRequestedFor(urlPathMatching("/trips/.*"))))
        .as("the production monolith got its copies from the mesh, none from Ficus")
        .isEmpty();
    assertThat(replica.findAll(anyRequestedFor(urlPathMatching("/trips/.*")))).hasSize(10);
    assertThat(fresh.findAll(anyRequestedFor(urlPathMatching("/(trips|vehicles)/.*"))))
        .as("reads only: the writes were never sent on")
        .hasSize(10)
        .allSatisfy(r -> assertThat(r.getMethod().getName()).isEqualTo("GET"));
  }

  @Test
  void theMainPortStillProxiesAndTheMirrorPortServesNoAdminApi() {
    Client mirror = new Client(mirrorPort);
    assertThat(mirror.get("/ficus/routes", "Authorization", "Bearer " + TOKEN).statusCode())
        .isEqualTo(202);
    legacy.stubFor(get(urlPathMatching("/fleet/status")).willReturn(aResponse().withBody("ok")));
    assertThat(gateway.client().get("/fleet/status").body()).isEqualTo("ok");
  }
}
