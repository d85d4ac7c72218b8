package dev.ficus.gateway.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.Replica;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two gateway replicas reading one flag source, steered live from either: one picture of who is
 * served, changes that reach both within the refresh interval, a fleet-wide rollback that survives
 * a restart, and a flag source outage that changes nobody's side. The checks run in order, each
 * starting from where the one before left the routes. Subclasses give the flag source: a real
 * Unleash server, or one shared flags file.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
abstract class FleetChecks {

  static final String TOKEN = "fleet-admin-token";
  static final JsonMapper JSON = JsonMapper.builder().build();
  final WireMockServer legacy = Backends.named("legacy");
  final WireMockServer fresh = Backends.named("new");

  Replica a;
  Replica b;

  /** Starts the flag source, before the replicas. */
  abstract void startSource();

  abstract void stopSource();

  /**
   * A replica starting while the source is broken: from the last flags it had (Unleash's backup
   * file), or refusing to start with the problem named (a flags file that is not valid).
   */
  abstract void checkAStartDuringTheOutage(List<String> sidesBefore);

  /** The flag source's settings for a replica. */
  abstract Map<String, String> flagSource(String replica);

  /** Changes the trips flag's rollout at the source, as an operator would outside Ficus. */
  abstract void setShareAtTheSource(int share);

  /** The source can neither be read nor written until {@link #repairSource()}. */
  abstract void breakSource();

  abstract void repairSource();

  /** The state the routes report while the source is broken. */
  abstract String brokenState();

  /** The log line a replica writes when the source breaks. */
  abstract String outageLogLine();

  /** How many users are asked for their side on both replicas. */
  int users() {
    return 10_000;
  }

  /** Creates the trips flag at the source, at 30%, before the replicas start. */
  abstract void createTripsFlag();

  @BeforeAll
  void startFleet() {
    startSource();
    createTripsFlag();
    a = Replica.start("a", settings("a"));
    b = Replica.start("b", settings("b"));
  }

  Map<String, String> settings(String replica) {
    Map<String, String> settings = new HashMap<>(flagSource(replica));
    settings.put("ficus.legacy.uri", Backends.uri(legacy));
    settings.put("ficus.admin.token", TOKEN);
    String[][] routes = {
      {"trips", "/trips/**", "canary", "trips-flag"},
      {"vehicles", "/vehicles/**", "shadow", "vehicles-flag"},
      {"billing", "/billing/**", "shadow", ""},
    };
    for (int i = 0; i < routes.length; i++) {
      String prefix = "ficus.routes[" + i + "].";
      settings.put(prefix + "id", routes[i][0]);
      settings.put(prefix + "paths[0]", routes[i][1]);
      settings.put(prefix + "mode", routes[i][2]);
      settings.put(prefix + "new-uri", Backends.uri(fresh));
      if (!routes[i][3].isEmpty()) {
        settings.put(prefix + "flag", routes[i][3]);
      }
    }
    // Guardrails out of the way: these checks steer routes by hand.
    settings.put("ficus.routes[0].guardrails.enabled", "false");
    settings.put("ficus.routes[1].guardrails.enabled", "false");
    return settings;
  }

  @AfterAll
  void stopFleet() {
    for (Replica replica : new Replica[] {a, b}) {
      if (replica != null) {
        replica.close();
      }
    }
    stopSource();
    legacy.stop();
    fresh.stop();
  }

  static String side(Replica replica, String path, String user) {
    return replica.client().get(path, "X-User-Id", user).body();
  }

  /** Each user's side on a replica, asked in parallel. */
  static List<String> sides(Replica replica, String prefix, int users) {
    Client client = replica.client();
    return Client.inParallel(users, i -> client.get("/trips/" + i, "X-User-Id", prefix + i).body());
  }

  static JsonNode route(Replica replica, String id) {
    HttpResponse<String> response =
        replica.client().get("/ficus/routes/" + id, "Authorization", "Bearer " + TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  static HttpResponse<String> admin(Replica replica, String method, String path, String body) {
    Client client = replica.client();
    return client.send(
        client
            .request(path)
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
            .build());
  }

  void awaitBoth(String route, String stage, Integer share) {
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              for (Replica replica : new Replica[] {a, b}) {
                JsonNode view = route(replica, route);
                assertThat(view.get("stage").asString()).as("stage on " + replica).isEqualTo(stage);
                if (share != null) {
                  assertThat(view.get("share").asInt()).as("share on " + replica).isEqualTo(share);
                }
              }
            });
  }

  @Test
  @Order(1)
  void bothReplicasGiveTenThousandUsersTheSameSide() {
    awaitBoth("trips", "canary", 30);
    var askB = java.util.concurrent.CompletableFuture.supplyAsync(() -> sides(b, "user-", users()));
    List<String> onA = sides(a, "user-", users());
    assertThat(askB.join()).isEqualTo(onA);
    double onNew = 100.0 * onA.stream().filter("new"::equals).count() / onA.size();
    assertThat(onNew).isBetween(27.0, 33.0);
    JsonNode trips = route(a, "trips");
    assertThat(trips.get("stageOrigin").asString()).isEqualTo("config");
    assertThat(trips.get("shareOrigin").asString()).isEqualTo("flag");
    assertThat(trips.get("flag").get("rollout").asInt()).isEqualTo(30);
  }

  @Test
  @Order(2)
  void aShareChangedAtTheSourceMovesBothAndNobodyOnNewGoesBack() {
    Set<Integer> onNewBefore = usersOnNew(a, 2_000);
    setShareAtTheSource(60);
    awaitBoth("trips", "canary", 60);
    Set<Integer> onNewA = usersOnNew(a, 2_000);
    Set<Integer> onNewB = usersOnNew(b, 2_000);
    assertThat(onNewB).isEqualTo(onNewA);
    assertThat(onNewA)
        .as("a user on new stays on new when the share grows")
        .containsAll(onNewBefore);
    assertThat(100.0 * onNewA.size() / 2_000).isBetween(55.0, 65.0);
    // What a dashboard shows of the route, from either replica.
    assertThat(b.client().get("/ficus/actuator/prometheus").body())
        .contains("ficus_route_share{route=\"trips\"} 60.0")
        .contains("ficus_route_stage{route=\"trips\",stage=\"canary\"} 1.0")
        .contains("ficus_route_stage{route=\"trips\",stage=\"shadow\"} 0.0");
  }

  Set<Integer> usersOnNew(Replica replica, int users) {
    List<String> sides = sides(replica, "grow-", users);
    return IntStream.range(0, users)
        .filter(i -> sides.get(i).equals("new"))
        .boxed()
        .collect(Collectors.toSet());
  }

  @Test
  @Order(3)
  void aStageChangeOnOneReplicaReachesTheOther(CapturedOutput output) {
    assertThat(side(b, "/vehicles/1", "rider-1")).isEqualTo("legacy");
    HttpResponse<String> changed =
        admin(a, "PUT", "/ficus/routes/vehicles/stage", "{\"stage\":\"canary\",\"share\":100}");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(JSON.readTree(changed.body()).get("stage").asString())
        .as("in force on A at once")
        .isEqualTo("canary");
    assertThat(JSON.readTree(changed.body()).get("applied").asString())
        .startsWith("in force on this replica at once; the other replicas follow within ");
    assertThat(
            Client.inParallel(
                200, i -> a.client().get("/vehicles/1", "X-User-Id", "rider-" + i).body()))
        .as("A decides by the share it wrote at once, before it reads the flag source again")
        .containsOnly("new");
    awaitBoth("vehicles", "canary", 100);
    // Each user's canary decision is Unleash's own, from the flag as the source holds it now.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                side(a, "/vehicles/1", "rider-1").equals("new")
                    && side(b, "/vehicles/1", "rider-1").equals("new"));
    assertThat(route(b, "vehicles").get("stageOrigin").asString()).isEqualTo("flag");

    HttpResponse<String> share = admin(a, "PUT", "/ficus/routes/vehicles/stage", "{\"share\":0}");
    assertThat(share.statusCode()).as(share.body()).isEqualTo(200);
    awaitBoth("vehicles", "canary", 0);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> side(b, "/vehicles/1", "rider-1").equals("legacy"));
    assertThat(output.getOut())
        .contains("route=vehicles change=stage old=\"shadow\" new=\"canary 100%\"")
        .contains("by=\"admin token from 127.0.0.1\"");
  }

  @Test
  @Order(4)
  void badStageChangesAreRefusedNamingTheFieldAndChangeNothing() {
    Object[][] cases = {
      {"vehicles", "{\"stage\":\"canery\"}", 400, "\"field\":\"stage\"", "'canery' is not a stage"},
      {"vehicles", "{\"share\":150}", 400, "\"field\":\"share\"", "from 0 to 100"},
      {"vehicles", "{\"share\":\"ten\"}", 400, "\"field\":\"share\"", "whole number"},
      {"vehicles", "{\"stag\":\"new\"}", 400, "\"field\":\"stag\"", "unknown field 'stag'"},
      {"vehicles", "not json", 400, "not JSON", "problem"},
      {"vehicles", "{}", 400, "\"field\":\"stage\"", "give \\\"stage\\\""},
      {"billing", "{\"stage\":\"canary\"}", 400, "has no flag", "ficus.routes[].flag"},
      {"ghost", "{\"stage\":\"new\"}", 404, "No route 'ghost'", "unknown-route"},
    };
    JsonNode before = route(a, "vehicles");
    for (Object[] c : cases) {
      HttpResponse<String> response =
          admin(a, "PUT", "/ficus/routes/" + c[0] + "/stage", (String) c[1]);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(c[2]);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(response.body()).contains((String) c[3]).contains((String) c[4]);
    }
    assertThat(route(a, "vehicles").get("stage")).isEqualTo(before.get("stage"));
    assertThat(route(a, "vehicles").get("share")).isEqualTo(before.get("share"));
    assertThat(
            b.client()
                .send(
                    b.client()
                        .request("/ficus/routes/vehicles/stage")
                        .PUT(BodyPublishers.ofString("{\"stage\":\"new\"}"))
                        .build())
                .statusCode())
        .as("without the admin token")
        .isEqualTo(401);
  }

  @Test
  @Order(5)
  void aRollbackOnOneReplicaRollsTheFleetBackAndRecoveryRestoresTheShare(CapturedOutput output) {
    HttpResponse<String> rolledBack =
        admin(a, "POST", "/ficus/routes/trips/rollback", "{\"reason\":\"fares look wrong\"}");
    assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
    assertThat(sides(a, "user-", 500)).containsOnly("legacy");
    awaitBoth("trips", "legacy", null);
    assertThat(sides(b, "user-", 500)).containsOnly("legacy");
    JsonNode onB = route(b, "trips");
    assertThat(onB.get("stageOrigin").asString()).isEqualTo("rollback");
    assertThat(onB.get("rollback").get("detail").asString()).isEqualTo("fares look wrong");
    assertThat(onB.get("rollback").get("restoreStage").asString()).isEqualTo("canary");
    assertThat(onB.get("rollback").get("restoreShare").asInt()).isEqualTo(60);
    assertThat(onB.get("shadow").get("comparing").asBoolean())
        .as("the comparison goes on while rolled back")
        .isTrue();

    HttpResponse<String> recovered = admin(b, "DELETE", "/ficus/routes/trips/rollback", null);
    assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(200);
    awaitBoth("trips", "canary", 60);
    assertThat(sides(a, "user-", 2_000)).isEqualTo(sides(b, "user-", 2_000)).contains("new");
    assertThat(output.getOut())
        .contains("route=trips change=rollback")
        .contains("route=trips change=recovery");
    assertThat(admin(a, "POST", "/ficus/routes/billing/rollback", null).statusCode())
        .as("a shadow route serves only legacy already")
        .isEqualTo(409);
  }

  @Test
  @Order(6)
  void aRestartedReplicaComesUpRolledBackWhileTheRollbackHolds() {
    assertThat(admin(a, "POST", "/ficus/routes/trips/rollback", null).statusCode()).isEqualTo(200);
    awaitBoth("trips", "legacy", null);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> route(a, "trips").get("rollback").get("fleetWide").asBoolean());
    b.restart();
    JsonNode restarted = route(b, "trips");
    assertThat(restarted.get("stage").asString()).isEqualTo("legacy");
    assertThat(restarted.get("rollback")).isNotNull();
    assertThat(side(b, "/trips/1", "user-1")).isEqualTo("legacy");
    assertThat(admin(b, "DELETE", "/ficus/routes/trips/rollback", null).statusCode())
        .isEqualTo(200);
    awaitBoth("trips", "canary", 60);
  }

  @Test
  @Order(7)
  void anOutageOfTheSourceChangesNobodysSideAndIsReportedOnce(CapturedOutput output)
      throws InterruptedException {
    List<String> before = sides(a, "outage-", 1_000);
    assertThat(sides(b, "outage-", 1_000)).isEqualTo(before);
    breakSource();
    try {
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                for (Replica replica : new Replica[] {a, b}) {
                  assertThat(route(replica, "trips").get("flagSource").get("state").asString())
                      .isEqualTo(brokenState());
                }
              });
      Thread.sleep(4_000);
      assertThat(sides(a, "outage-", 1_000)).isEqualTo(before);
      assertThat(sides(b, "outage-", 1_000)).isEqualTo(before);
      for (Replica replica : new Replica[] {a, b}) {
        HttpResponse<String> readiness = replica.client().get("/ficus/actuator/health/readiness");
        assertThat(readiness.statusCode()).as("readiness stays up").isEqualTo(200);
        JsonNode flags = JSON.readTree(readiness.body()).get("components").get("flags");
        assertThat(flags.get("status").asString()).isEqualTo("UP");
        assertThat(flags.get("details").get("state").asString()).isEqualTo(brokenState());
        assertThat(flags.get("details").get("problem").asString()).isNotBlank();
      }
      assertThat(output.getOut().split(java.util.regex.Pattern.quote(outageLogLine()), -1))
          .as("one line per replica for the whole outage, not one a second")
          .hasSize(3);
      assertThat(a.client().get("/ficus/actuator/prometheus").body())
          .contains("ficus_flag_source_ok 0.0");

      checkAStartDuringTheOutage(before);
    } finally {
      repairSource();
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              for (Replica replica : new Replica[] {a, b}) {
                assertThat(route(replica, "trips").get("flagSource").get("state").asString())
                    .isEqualTo("ok");
              }
            });
  }

  @Test
  @Order(8)
  void aRollbackHoldsWhileTheSourceCannotBeWrittenAndReachesTheFleetWhenItCan() {
    breakSource();
    try {
      HttpResponse<String> rolledBack = admin(a, "POST", "/ficus/routes/trips/rollback", null);
      assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
      assertThat(sides(a, "user-", 200)).containsOnly("legacy");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                JsonNode write = route(a, "trips").get("flagWrite");
                assertThat(write.get("attempts").asInt()).isPositive();
                assertThat(write.get("lastError").asString()).isNotBlank();
              });
      assertThat(route(a, "trips").get("rollback").get("fleetWide").asBoolean()).isFalse();
      assertThat(a.client().get("/ficus/actuator/prometheus").body())
          .containsPattern("ficus_flag_writes_total\\{outcome=\"failed\",route=\"trips\"} [1-9]");
      assertThat(route(b, "trips").get("stage").asString())
          .as("B cannot hear of it while the source is down")
          .isEqualTo("canary");
    } finally {
      repairSource();
    }
    awaitBoth("trips", "legacy", null);
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() -> assertThat(route(a, "trips").get("flagWrite").isNull()).isTrue());
    assertThat(admin(b, "DELETE", "/ficus/routes/trips/rollback", null).statusCode())
        .isEqualTo(200);
    awaitBoth("trips", "canary", 60);
  }
}
