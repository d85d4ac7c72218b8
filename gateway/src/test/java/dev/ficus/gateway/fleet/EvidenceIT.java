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
import dev.ficus.testing.PostgresServer;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two replicas writing their evidence to one real PostgreSQL: the fleet view is the sum of both
 * replicas' own reports, exactly; it loses nothing when a replica restarts or the database stops
 * for a while; and its windows cut where they say.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceIT {

  static final String TOKEN = "evidence-token";
  static final JsonMapper JSON = JsonMapper.builder().build();

  final WireMockServer legacy = Backends.named("legacy");
  final WireMockServer fresh = Backends.named("new");
  final Path flags = FlagsFiles.temporaryDirectory().resolve("flags.json");
  PostgresServer postgres;
  String database;
  Replica a;
  Replica b;

  @BeforeAll
  void start() {
    for (WireMockServer side : new WireMockServer[] {legacy, fresh}) {
      boolean isNew = side == fresh;
      side.stubFor(
          get(urlPathMatching("/vehicles/.*"))
              .atPriority(1)
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"id\":\"V1\",\"plate\":\"AB-1\""
                              + (isNew ? "" : ",\"fleetCode\":\"F1\"")
                              + "}")));
    }
    FlagsFiles.write(flags, Map.of("vehicles-flag", 100));
    postgres = PostgresServer.start();
    database = postgres.createDatabase("ficus_evidence");
    a = Replica.start("a", settings("a"));
    b = Replica.start("b", settings("b"));
  }

  Map<String, String> settings(String replica) {
    Map<String, String> settings = new HashMap<>();
    settings.put("ficus.legacy.uri", Backends.uri(legacy));
    settings.put("ficus.admin.token", TOKEN);
    settings.put("ficus.flags.file", flags.toString());
    settings.put("ficus.verdict.min-comparisons", "20");
    settings.put("ficus.verdict.max-latency-effect", "1");
    settings.put("ficus.evidence.url", postgres.jdbcUrl("ficus_evidence"));
    settings.put("ficus.evidence.username", PostgresServer.USER);
    settings.put("ficus.evidence.flush-interval", "500ms");
    settings.put("ficus.evidence.replica", replica);
    settings.put("ficus.routes[0].id", "vehicles");
    settings.put("ficus.routes[0].paths[0]", "/vehicles/**");
    settings.put("ficus.routes[0].mode", "shadow");
    settings.put("ficus.routes[0].flag", "vehicles-flag");
    settings.put("ficus.routes[0].new-uri", Backends.uri(fresh));
    settings.put("ficus.routes[0].shadow.enabled", "true");
    settings.put("ficus.routes[0].guardrails.enabled", "false");
    settings.put("ficus.capture.redact.query-params[0]", "token");
    return settings;
  }

  @AfterAll
  void stop() {
    for (Replica replica : new Replica[] {a, b}) {
      if (replica != null) {
        replica.close();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
    legacy.stop();
    fresh.stop();
  }

  static void traffic(Replica replica, String prefix, int requests) {
    Client client = replica.client();
    Client.inParallel(
        requests,
        i -> {
          HttpResponse<String> response =
              client.get("/vehicles/" + i + "?token=s3cret-" + i, "X-User-Id", prefix + "-" + i);
          assertThat(response.statusCode()).isEqualTo(200);
          return response.statusCode();
        });
  }

  static JsonNode own(Replica replica) {
    return JSON.readTree(
        replica.client().get("/ficus/routes/vehicles", "Authorization", "Bearer " + TOKEN).body());
  }

  static HttpResponse<String> fleet(Replica replica, String query) {
    return replica
        .client()
        .get("/ficus/fleet/routes/vehicles" + query, "Authorization", "Bearer " + TOKEN);
  }

  static JsonNode fleetView(Replica replica, String query) {
    HttpResponse<String> response = fleet(replica, query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  static long sum(JsonNode one, JsonNode other, String... path) {
    return value(one, path) + value(other, path);
  }

  static long value(JsonNode node, String... path) {
    JsonNode at = node;
    for (String step : path) {
      at = at.path(step);
    }
    return at.asLong();
  }

  /** The fleet view, read on {@code reader}, holds exactly {@code legacyServed} requests. */
  static void awaitFleetRequests(Replica reader, String query, long legacyServed) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () ->
                assertThat(value(fleetView(reader, query), "decisions", "legacy"))
                    .isEqualTo(legacyServed));
  }

  Instant began;

  /** The store's rows, to read in a failure's message. */
  String dump() {
    StringBuilder out = new StringBuilder();
    try (var connection = postgres.connect("ficus_evidence");
        var rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT replica, instance, stage, share, start_ms, length_ms, figures FROM"
                        + " evidence_bucket ORDER BY start_ms")) {
      while (rows.next()) {
        out.append("\n")
            .append(rows.getString(1))
            .append(" ")
            .append(rows.getString(2).substring(0, 4))
            .append(" ")
            .append(rows.getString(3))
            .append(" ")
            .append(rows.getString(4))
            .append(" ")
            .append(Instant.ofEpochMilli(rows.getLong(5)))
            .append(" +")
            .append(rows.getLong(6))
            .append(" ")
            .append(rows.getString(7));
      }
    } catch (Exception e) {
      out.append(e);
    }
    return out.toString();
  }

  @Test
  @Order(1)
  void theFleetViewIsTheSumOfBothReplicasOwnReportsExactly() {
    began = Instant.now().minusSeconds(1);
    traffic(a, "a", 120);
    traffic(b, "b", 80);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                value(own(a), "comparisons", "mismatch") == 120
                    && value(own(b), "comparisons", "mismatch") == 80);
    JsonNode ownA = own(a);
    JsonNode ownB = own(b);
    awaitFleetRequests(a, "", 200);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(value(fleetView(a, ""), "comparisons", "mismatch")).isEqualTo(200));
    JsonNode fleet = fleetView(b, "");
    for (String[] path :
        new String[][] {
          {"decisions", "legacy"},
          {"decisions", "new"},
          {"comparisons", "match"},
          {"comparisons", "mismatch"},
          {"comparisons", "skipped"},
          {"errors", "legacy", "calls"},
          {"errors", "new", "calls"},
          {"latency", "legacy", "count"},
          {"latency", "new", "count"},
        }) {
      assertThat(value(fleet, path)).as(String.join(".", path)).isEqualTo(sum(ownA, ownB, path));
    }
    assertThat(fleet.get("topDifferences").get(0).get("path").asString()).isEqualTo("/fleetCode");
    assertThat(fleet.get("topDifferences").get(0).get("count").asLong()).isEqualTo(200);
    assertThat(fleet.get("verdict").get("status").asString()).isEqualTo("NOT_READY");
    assertThat(fleet.get("replicas").findValuesAsString("replica")).containsExactly("a", "b");
    assertThat(fleet.get("replicas").get(0).get("lastWrite").asString()).isNotBlank();
    assertThat(fleet.get("window").get("asked").asString()).isEqualTo("since the stage began");
    assertThat(fleet.get("topDifferences").get(0).get("example").get("target").asString())
        .contains("token=%5BREDACTED%5D");
    assertThat(dump())
        .as("nothing secret is stored")
        .contains("fleetCode")
        .doesNotContain("s3cret");
  }

  @Test
  @Order(2)
  void aRestartedReplicaLosesNothingInTheFleetView() {
    b.restart();
    JsonNode fleet = fleetView(b, "");
    assertThat(value(fleet, "decisions", "legacy")).isEqualTo(200);
    assertThat(value(fleet, "comparisons", "mismatch")).isEqualTo(200);
    assertThat(value(own(b), "decisions", "legacy")).as("its own view starts afresh").isZero();
    traffic(b, "b-again", 10);
    awaitFleetRequests(a, "", 210);
  }

  @Test
  @Order(3)
  void windowsCutWhereTheySay() {
    HttpResponse<String> changed =
        a.client()
            .send(
                a.client()
                    .request("/ficus/routes/vehicles/stage")
                    .header("Authorization", "Bearer " + TOKEN)
                    .PUT(BodyPublishers.ofString("{\"stage\":\"canary\",\"share\":100}"))
                    .build());
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> own(b).get("stage").asString().equals("canary"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                a.client()
                        .get("/vehicles/probe", "X-User-Id", "probe")
                        .body()
                        .equals("{\"id\":\"V1\",\"plate\":\"AB-1\"}")
                    && b.client()
                        .get("/vehicles/probe", "X-User-Id", "probe")
                        .body()
                        .equals("{\"id\":\"V1\",\"plate\":\"AB-1\"}"));
    Instant canary = Instant.now();
    traffic(a, "canary-a", 30);
    traffic(b, "canary-b", 20);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode view = fleetView(a, "");
              assertThat(value(view, "decisions", "new"))
                  .as(view.get("window") + " " + view.get("replicas") + dump())
                  .isGreaterThanOrEqualTo(50);
            });
    JsonNode sinceStage = fleetView(a, "?since=stage");
    assertThat(value(sinceStage, "decisions", "legacy"))
        .as("nothing of the shadow stage in the window since the stage began")
        .isZero();
    assertThat(Instant.parse(sinceStage.get("window").get("from").asString()))
        .isAfter(began)
        .isBefore(canary.plusSeconds(1));
    JsonNode sinceStart = fleetView(a, "?since=" + began);
    assertThat(value(sinceStart, "decisions", "legacy")).isEqualTo(210);
    assertThat(value(fleetView(a, "?window=1h"), "decisions", "legacy"))
        .isEqualTo(value(sinceStart, "decisions", "legacy"));
    HttpResponse<String> bad = fleet(a, "?window=soon");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body())
        .contains("\"field\":\"window\"")
        .contains("window 'soon' is not a duration");
  }

  @Test
  @Order(4)
  void theDatabaseStoppedMidTrafficLosesNothingAcceptedAndClientsNeverNotice() {
    // What the earlier tests sent is written within the flush interval (500 ms): start from a
    // figure that no longer moves.
    long[] before = {-1};
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(1_000))
        .until(
            () -> {
              long now = value(fleetView(a, "?window=1h"), "decisions", "new");
              boolean settled = now == before[0];
              before[0] = now;
              return settled;
            });
    postgres.stop();
    try {
      traffic(a, "outage-a", 40);
      traffic(b, "outage-b", 40);
      HttpResponse<String> unavailable = fleet(a, "?window=1h");
      assertThat(unavailable.statusCode()).isEqualTo(503);
      assertThat(unavailable.body()).contains("evidence-store-unavailable");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(a.client().get("/ficus/actuator/prometheus").body())
                      .contains("ficus_evidence_store_ok 0.0"));
    } finally {
      postgres.startAgain();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(value(fleetView(a, "?window=1h"), "decisions", "new"))
                    .isEqualTo(before[0] + 80));
    assertThat(a.client().get("/ficus/actuator/prometheus").body())
        .contains("ficus_evidence_buckets_total{outcome=\"dropped\"} 0.0");
  }
}
