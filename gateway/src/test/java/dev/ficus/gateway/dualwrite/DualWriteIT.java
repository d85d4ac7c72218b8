package dev.ficus.gateway.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ficus.compare.analysis.DualWriteFigures;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.gateway.observe.EvidenceRegistry;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.EntityStore;
import dev.ficus.gateway.testing.FlagsFiles;
import dev.ficus.gateway.testing.Replica;
import dev.ficus.gateway.testing.Routes;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stage dual-write over real HTTP, with stateful stand-ins on both sides: legacy names its entities
 * {@code L-1}, {@code L-2}, ..., each new side by UUIDs, so every id differs between the two sides
 * and must be correlated, never reported.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DualWriteIT {

  static final String TOKEN = "dual-write-admin-token";
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final EntityStore legacy = EntityStore.numbered("L-");
  static final EntityStore trips = EntityStore.uuids();

  /** Answers a note as sent, but stores it without its remark when the remark is long. */
  static final EntityStore notes =
      EntityStore.uuids()
          .storing(
              note -> {
                if (note.path("remark").asString("").length() > 20) {
                  note.remove("remark");
                }
                return note;
              });

  static final EntityStore orders = EntityStore.uuids().failingWrites(503);
  static final EntityStore rides = EntityStore.uuids().readsLagging(1_500);
  static final EntityStore parcels = EntityStore.uuids();
  static final EntityStore mirrored = EntityStore.uuids();
  static final Path flagsFile =
      FlagsFiles.write(
          FlagsFiles.temporaryDirectory().resolve("flags.json"), Map.of("parcels-flag", 0));

  @LocalServerPort int port;
  @Autowired DualWriter dualWriter;
  Client client;

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", legacy::uri);
    registry.add("ficus.admin.token", () -> TOKEN);
    registry.add("ficus.flags.file", flagsFile::toString);
    registry.add("ficus.verdict.min-comparisons", () -> "5");
    registry.add("ficus.verdict.max-latency-effect", () -> "1");
    registry.add("ficus.evidence.flush-interval", () -> "300ms");
    dualWrite(registry, 0, "trips", "dual-write", trips, "/id", "200ms");
    dualWrite(registry, 1, "notes", "dual-write", notes, "/id", "200ms");
    // No id path: the Location header names the entity.
    dualWrite(registry, 2, "orders", "dual-write", orders, null, "200ms");
    dualWrite(registry, 3, "rides", "dual-write", rides, null, "1s");
    String parcelsRoute = dualWrite(registry, 4, "parcels", "shadow", parcels, "/id", "200ms");
    registry.add(parcelsRoute + "flag", () -> "parcels-flag");
    dualWrite(registry, 5, "mirrored", "dual-write", mirrored, "/id", "200ms");
  }

  static String dualWrite(
      DynamicPropertyRegistry registry,
      int i,
      String id,
      String mode,
      EntityStore fresh,
      String idPath,
      String delay) {
    String prefix = Routes.route(registry, i, id, "/" + id + "/**", mode, fresh.uri());
    registry.add(prefix + "dual-write.read-back", () -> "/" + id + "/{id}");
    registry.add(prefix + "dual-write.delay", () -> delay);
    registry.add(prefix + "dual-write.attempts", () -> "2");
    if (idPath != null) {
      registry.add(prefix + "dual-write.id", () -> idPath);
    }
    return prefix;
  }

  @BeforeEach
  void client() {
    client = new Client(port);
  }

  @AfterAll
  static void stop() {
    for (EntityStore store : List.of(legacy, trips, notes, orders, rides, parcels, mirrored)) {
      store.close();
    }
  }

  @Test
  void writesGoOnceToEachSideAndTheirEntitiesConverge() throws Exception {
    HttpResponse<String> created =
        client.send(
            client
                .request("/trips")
                .header("Content-Type", "application/json")
                .header("Cookie", "session=ann")
                .POST(HttpRequest.BodyPublishers.ofString("{\"rider\":\"ann\",\"to\":\"Depot\"}"))
                .build());
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode trip = JSON.readTree(created.body());
    String legacyId = trip.path("id").asString();
    assertThat(legacyId).startsWith("L-");
    assertThat(created.headers().firstValue("Location")).hasValue("/trips/" + legacyId);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> dualWrite("trips").path("converged").asLong() == 1);

    assertThat(posts(legacy, "/trips")).hasSize(1);
    List<EntityStore.Received> newPosts = posts(trips, "/trips");
    assertThat(newPosts).hasSize(1);
    EntityStore.Received write = newPosts.get(0);
    assertThat(write.header("X-Ficus-Shadow")).isEqualTo("dual-write");
    assertThat(write.header("Idempotency-Key")).isNotBlank();
    assertThat(write.header("Cookie")).isEqualTo("session=ann");
    String newId = trips.received("GET").get(0).path().substring("/trips/".length());
    assertThat(newId).doesNotStartWith("L-").hasSize(36);
    EntityStore.Received readBack = trips.received("GET").get(0);
    assertThat(readBack.header("X-Ficus-Shadow")).isEqualTo("read-back");
    assertThat(readBack.header("Cookie")).isNull();
    assertThat(legacy.received("GET").stream().map(EntityStore.Received::path))
        .contains("/trips/" + legacyId);
    // The ids differ by nature: correlated, not a difference.
    JsonNode route = route("trips");
    assertThat(route.path("comparisons").path("mismatch").asLong()).isZero();
    assertThat(route.path("comparisons").path("match").asLong()).isEqualTo(1);

    // A change to legacy's entity reaches the new side's, under its own id.
    HttpResponse<String> changed =
        client.send(
            client
                .request("/trips/" + legacyId)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"rider\":\"ann\",\"to\":\"Harbour\"}"))
                .build());
    assertThat(changed.statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> dualWrite("trips").path("converged").asLong() == 2);
    assertThat(trips.received("PUT"))
        .singleElement()
        .extracting(EntityStore.Received::path)
        .isEqualTo("/trips/" + newId);

    // And a DELETE converges when both sides have forgotten the entity.
    HttpResponse<String> deleted =
        client.send(client.request("/trips/" + legacyId).DELETE().build());
    assertThat(deleted.statusCode()).isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> dualWrite("trips").path("converged").asLong() == 3);
    assertThat(trips.received("DELETE"))
        .singleElement()
        .extracting(EntityStore.Received::path)
        .isEqualTo("/trips/" + newId);
    assertThat(dualWrite("trips").path("diverged").asLong()).isZero();
    assertThat(route("trips").path("comparisons").path("mismatch").asLong()).isZero();
  }

  @Test
  void aStorageBugTheAnswersHideIsFoundByTheReadBackAndNamedByPath() throws Exception {
    post("/notes", "{\"title\":\"short\",\"remark\":\"ok\"}");
    HttpResponse<String> answer =
        post("/notes", "{\"title\":\"long\",\"remark\":\"please call before arriving\"}");
    assertThat(JSON.readTree(answer.body()).path("remark").asString())
        .isEqualTo("please call before arriving");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              JsonNode counts = dualWrite("notes");
              return counts.path("converged").asLong() + counts.path("diverged").asLong() == 2;
            });
    JsonNode counts = dualWrite("notes");
    assertThat(counts.path("converged").asLong()).isEqualTo(1);
    assertThat(counts.path("diverged").asLong()).isEqualTo(1);
    // Both sides answered the writes alike: no comparison of answers could have seen it.
    JsonNode route = route("notes");
    assertThat(route.path("comparisons").path("mismatch").asLong()).isZero();
    // The verdict judges the divergence rate (1 of 2: decisive at any threshold under 9%).
    assertThat(route.path("verdict").path("status").asString()).isEqualTo("NOT_READY");
    assertThat(route.path("verdict").path("reasons").get(0).asString())
        .startsWith("divergence rate over");

    JsonNode mismatches =
        JSON.readTree(
            client
                .get("/ficus/routes/notes/mismatches", "Authorization", "Bearer " + TOKEN)
                .body());
    assertThat(mismatches.path("mismatches")).isEmpty();
    JsonNode divergence = mismatches.path("divergences").get(0);
    assertThat(divergence.path("method").asString()).isEqualTo("POST");
    assertThat(divergence.path("legacyRead").asString()).startsWith("/notes/L-");
    assertThat(divergence.path("differences").get(0).path("path").asString()).isEqualTo("/remark");
    assertThat(divergence.path("reason").asString()).contains("/remark");
    assertThat(divergence.path("attempts").asInt()).isEqualTo(2);
    assertThat(divergence.path("legacyBody").asString()).contains("please call before arriving");
    assertThat(divergence.path("newBody").asString()).doesNotContain("please call");

    // The fleet view sums the stored buckets: the same counts, judged the same way.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              JsonNode fleet =
                  JSON.readTree(
                      client
                          .get(
                              "/ficus/fleet/routes/notes?window=1h",
                              "Authorization",
                              "Bearer " + TOKEN)
                          .body());
              return fleet.path("dualWrite").path("diverged").asLong() == 1
                  && fleet.path("dualWrite").path("converged").asLong() == 1
                  && fleet.path("verdict").path("status").asString().equals("NOT_READY");
            });

    String scrape = client.get("/ficus/actuator/prometheus").body();
    assertThat(scrape)
        .contains("ficus_dual_write_total{outcome=\"diverged\",route=\"notes\"} 1.0")
        .contains("ficus_dual_write_total{outcome=\"converged\",route=\"notes\"} 1.0");
  }

  @Test
  void aFailingNewSideIsInvisibleToUsersAndCountedAsItsError() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> answer = post("/orders", "{\"item\":\"tea\",\"n\":" + i + "}");
      assertThat(answer.statusCode()).isEqualTo(201);
      assertThat(JSON.readTree(answer.body()).path("id").asString()).startsWith("L-");
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> dualWrite("orders").path("writeFailed").asLong() == 3);
    assertThat(posts(orders, "/orders")).hasSize(3);
    assertThat(orders.received("GET")).isEmpty();
    JsonNode route = route("orders");
    assertThat(route.path("errors").path("new").path("errors").asLong()).isEqualTo(3);
    assertThat(route.path("dualWrite").path("converged").asLong()).isZero();
  }

  @Test
  void anEventuallyConsistentNewSideConvergesWithinTheAttempts() throws Exception {
    post("/rides", "{\"from\":\"A\",\"to\":\"B\"}");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> dualWrite("rides").path("converged").asLong() == 1);
    assertThat(dualWrite("rides").path("diverged").asLong()).isZero();
    // The first read came before the new side could read its write.
    assertThat(rides.received("GET")).hasSize(2);
  }

  @Test
  void aRouteIsStagedToDualWriteLiveAndBackToShadow() throws Exception {
    post("/parcels", "{\"size\":\"S\"}");
    Thread.sleep(500);
    assertThat(posts(parcels, "/parcels")).isEmpty();
    HttpResponse<String> staged =
        client.send(
            client
                .request("/ficus/routes/parcels/stage")
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"stage\":\"dual-write\",\"reason\":\"test\"}"))
                .build());
    assertThat(staged.statusCode()).as(staged.body()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> route("parcels").path("stage").asString().equals("dual-write"));
    assertThat(route("parcels").path("dualWrite").path("active").asBoolean()).isTrue();
    post("/parcels", "{\"size\":\"M\"}");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> dualWrite("parcels").path("converged").asLong() == 1);
    assertThat(posts(parcels, "/parcels")).hasSize(1);
  }

  @Test
  void aWriteLegacyTookElsewhereIsSentToTheNewSideThroughTheEntryPoint() throws Exception {
    // As a mirror of production traffic would: legacy took the write without the gateway.
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    HttpResponse<String> taken =
        http.send(
            HttpRequest.newBuilder(java.net.URI.create(legacy.uri() + "/mirrored"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"seen\":\"elsewhere\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Idempotency-Key", "mirror-1");
    boolean sent =
        dualWriter.afterLegacyWrite(
            "mirrored",
            new RecordedRequest(
                "POST",
                "/mirrored",
                null,
                Map.of("content-type", List.of("application/json")),
                Body.of(
                    "{\"seen\":\"elsewhere\"}".getBytes(StandardCharsets.UTF_8),
                    "application/json")),
            headers,
            RecordedResponse.answered(
                taken.statusCode(),
                Map.of(
                    "content-type",
                    List.of("application/json"),
                    "location",
                    List.of(taken.headers().firstValue("Location").orElseThrow())),
                Body.of(taken.body().getBytes(StandardCharsets.UTF_8), "application/json"),
                Duration.ofMillis(1)));
    assertThat(sent).isTrue();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> dualWrite("mirrored").path("converged").asLong() == 1);
    assertThat(posts(mirrored, "/mirrored"))
        .singleElement()
        .satisfies(write -> assertThat(write.header("Idempotency-Key")).isEqualTo("mirror-1"));
    // A route not in dual-write takes nothing from the entry point.
    assertThat(
            dualWriter.afterLegacyWrite(
                "parcels-unknown",
                new RecordedRequest("POST", "/x", null, Map.of(), null),
                headers,
                RecordedResponse.answered(201, Map.of(), Body.empty(null), null)))
        .isFalse();
  }

  @Test
  void readBacksPendingAtShutdownAreCountedAsAbandoned() throws Exception {
    try (EntityStore late = EntityStore.uuids()) {
      Replica replica =
          Replica.start(
              "dual-write-stop",
              Map.of(
                  "ficus.legacy.uri", legacy.uri(),
                  "ficus.routes[0].id", "late",
                  "ficus.routes[0].paths[0]", "/late/**",
                  "ficus.routes[0].mode", "dual-write",
                  "ficus.routes[0].new-uri", late.uri(),
                  "ficus.routes[0].dual-write.read-back", "/late/{id}",
                  "ficus.routes[0].dual-write.delay", "10m"));
      try {
        HttpResponse<String> answer =
            replica
                .client()
                .send(
                    replica
                        .client()
                        .request("/late")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                        .build());
        assertThat(answer.statusCode()).isEqualTo(201);
        var evidence = replica.bean(EvidenceRegistry.class).route("late").orElseThrow();
        await().atMost(Duration.ofSeconds(20)).until(() -> evidence.dualWrite().pending() == 1);
        replica.stop();
        DualWriteFigures figures = evidence.dualWrite().figures();
        assertThat(figures.abandoned()).isEqualTo(1);
        assertThat(figures.total()).isEqualTo(1);
        assertThat(late.received("GET")).isEmpty();
      } finally {
        replica.close();
      }
    }
  }

  private HttpResponse<String> post(String path, String body) {
    return client.send(
        client
            .request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static List<EntityStore.Received> posts(EntityStore store, String path) {
    return store.received("POST").stream().filter(r -> r.path().equals(path)).toList();
  }

  private JsonNode route(String id) throws Exception {
    HttpResponse<String> response =
        client.get("/ficus/routes/" + id, "Authorization", "Bearer " + TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private JsonNode dualWrite(String id) throws Exception {
    return route(id).path("dualWrite");
  }
}
