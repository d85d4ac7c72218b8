package dev.ficus.gateway.autopilot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.FlagsFiles;
import dev.ficus.gateway.testing.Replica;
import dev.ficus.testing.Browser;
import dev.ficus.testing.PostgresServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two replicas on one shared flags file and one PostgreSQL evidence store, with short holds, and
 * traffic on five routes at once: a new side identical to legacy walks from shadow to new by
 * itself; one that differs on a third of its answers never leaves shadow and says why; one that
 * starts failing at 25% goes back and stops; a route without traffic waits and says so; a dry run
 * changes nothing. One replica drives each route; when it stops, the other takes over.
 *
 * <p>Latency is left out of the verdict here ({@code max-latency-effect: 1}): both sides are
 * WireMock servers in this JVM, and their latencies depend on its thread scheduling. RankTestTest
 * covers it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutopilotIT {

  static final String TOKEN = "autopilot-it-token";
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final List<String> BUSY = List.of("same", "third", "breaks", "dry");

  final Path flags = FlagsFiles.temporaryDirectory().resolve("flags.json");
  final WireMockServer legacy = Backends.templated(16);
  final WireMockServer fresh = Backends.templated(16);
  final WireMockServer hooks = Backends.templated(8);
  final AtomicBoolean running = new AtomicBoolean(true);
  PostgresServer postgres;
  Replica a;
  Replica b;
  Thread traffic;

  @BeforeAll
  void start() {
    for (WireMockServer server : List.of(legacy, fresh)) {
      server.stubFor(
          get(urlPathMatching("/.*"))
              .atPriority(5)
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody("{\"path\":\"{{request.path}}\",\"total\":12}")));
    }
    // The new side of "third" differs on every third request.
    fresh.stubFor(
        get(urlPathMatching("/third/.*"))
            .withQueryParam("d", equalTo("1"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"path\":\"{{request.path}}\",\"total\":13}")));
    hooks.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
    Map<String, Integer> rollouts = new LinkedHashMap<>();
    for (String route : List.of("same", "third", "breaks", "dry", "quiet")) {
      rollouts.put(route + "-flag", 0);
    }
    FlagsFiles.write(flags, rollouts);
    postgres = PostgresServer.start();
    postgres.createDatabase("ficus_evidence");
    a = Replica.start("a", settings("a"));
    b = Replica.start("b", settings("b"));
    traffic = new Thread(this::traffic, "autopilot-it-traffic");
    traffic.setDaemon(true);
    traffic.start();
    Thread breaking = new Thread(this::breakAt25, "autopilot-it-breaking");
    breaking.setDaemon(true);
    breaking.start();
  }

  Map<String, String> settings(String replica) {
    Map<String, String> settings = new HashMap<>();
    settings.put("ficus.legacy.uri", Backends.uri(legacy));
    settings.put("ficus.admin.token", TOKEN);
    settings.put("ficus.flags.file", flags.toString());
    settings.put("ficus.verdict.max-mismatch-rate", "0.05");
    settings.put("ficus.verdict.max-latency-effect", "1");
    settings.put("ficus.evidence.url", postgres.jdbcUrl("ficus_evidence"));
    settings.put("ficus.evidence.username", PostgresServer.USER);
    settings.put("ficus.evidence.flush-interval", "300ms");
    settings.put("ficus.evidence.replica", replica);
    String[][] routes = {
      // id, steps, hold, promote, dry run
      {"same", "10,50,100", "2s", "true", "false"},
      {"third", "10,50,100", "2s", "false", "false"},
      {"breaks", "5,25,100", "3s", "false", "false"},
      {"dry", "10,50,100", "1s", "false", "true"},
      {"quiet", "10,50,100", "1s", "false", "false"},
    };
    for (int i = 0; i < routes.length; i++) {
      String prefix = "ficus.routes[" + i + "].";
      String id = routes[i][0];
      settings.put(prefix + "id", id);
      settings.put(prefix + "paths[0]", "/" + id + "/**");
      settings.put(prefix + "mode", "shadow");
      settings.put(prefix + "flag", id + "-flag");
      settings.put(prefix + "new-uri", Backends.uri(fresh));
      settings.put(prefix + "autopilot.enabled", "true");
      String[] steps = routes[i][1].split(",");
      for (int s = 0; s < steps.length; s++) {
        settings.put(prefix + "autopilot.steps[" + s + "]", steps[s]);
      }
      settings.put(prefix + "autopilot.hold", routes[i][2]);
      settings.put(prefix + "autopilot.min-comparisons", "80");
      settings.put(prefix + "autopilot.promote", routes[i][3]);
      settings.put(prefix + "autopilot.dry-run", routes[i][4]);
      settings.put(prefix + "autopilot.webhook", Backends.uri(hooks) + "/hook");
    }
    return settings;
  }

  /** Users on the busy routes, on both replicas, until the class ends (at most five minutes). */
  void traffic() {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    int i = 0;
    while (running.get() && System.nanoTime() < deadline) {
      for (String route : BUSY) {
        Replica replica = i % 2 == 0 ? a : b;
        try {
          replica
              .client()
              .get(
                  "/" + route + "/" + i + "?d=" + (i % 3 == 0 ? 1 : 0),
                  "X-User-Id",
                  "u-" + i % 400);
        } catch (RuntimeException stopped) {
          // a replica stopped by the test
        }
      }
      i++;
    }
  }

  /** The new side of "breaks" starts failing as soon as the route reaches 25%. */
  void breakAt25() {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (running.get() && System.nanoTime() < deadline) {
      try {
        if (step(route(a, "breaks")).equals("canary 25%")) {
          fresh.stubFor(
              get(urlPathMatching("/breaks/.*"))
                  .atPriority(1)
                  .willReturn(aResponse().withStatus(503).withBody("down")));
          return;
        }
      } catch (RuntimeException stopped) {
        // replica a stopped by the test: ask b
        try {
          if (step(route(b, "breaks")).equals("canary 25%")) {
            fresh.stubFor(
                get(urlPathMatching("/breaks/.*"))
                    .atPriority(1)
                    .willReturn(aResponse().withStatus(503).withBody("down")));
            return;
          }
        } catch (RuntimeException alsoStopped) {
          // b restarting
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @AfterAll
  void stop() {
    running.set(false);
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
    hooks.stop();
  }

  JsonNode route(Replica replica, String id) {
    return JSON.readTree(
        replica.client().get("/ficus/routes/" + id, "Authorization", "Bearer " + TOKEN).body());
  }

  static String step(JsonNode route) {
    return route.path("autopilot").path("step").asString();
  }

  static String state(JsonNode route) {
    return route.path("autopilot").path("state").asString();
  }

  static List<String> history(JsonNode route, String field) {
    List<String> values = new ArrayList<>();
    route
        .path("autopilot")
        .path("history")
        .forEach(step -> values.add(step.path(field).asString()));
    return values;
  }

  @Test
  @Order(1)
  void oneReplicaDrivesEachRouteAndBothFollowIt() {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode onA = route(a, "same");
              JsonNode onB = route(b, "same");
              assertThat(step(onA)).isEqualTo("canary 10%");
              assertThat(step(onB)).isEqualTo("canary 10%");
              assertThat(onA.path("stage").asString()).isEqualTo("canary");
              assertThat(onB.path("share").asInt()).isEqualTo(10);
              assertThat(onA.path("autopilot").path("driver").asString())
                  .isIn("a", "b")
                  .isEqualTo(onB.path("autopilot").path("driver").asString());
            });
    JsonNode same = route(a, "same");
    assertThat(history(same, "action")).startsWith("advance");
    assertThat(history(same, "from")).startsWith("shadow");
    assertThat(history(same, "reason").get(0)).startsWith("READY at shadow:");
    assertThat(same.path("autopilot").path("plan").path("steps").toString())
        .isEqualTo("[10,50,100]");
    assertThat(same.path("shadow").path("reverse").asBoolean())
        .as("the comparison goes on in both directions")
        .isTrue();
    assertThat(Files.exists(flags)).isTrue();
  }

  @Test
  @Order(2)
  void whenTheDriverStopsTheOtherReplicaTakesOverAndWalksToNew() {
    String driver = route(a, "same").path("autopilot").path("driver").asString();
    Replica stopping = driver.equals("a") ? a : b;
    Replica survivor = stopping == a ? b : a;
    stopping.stop();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(route(survivor, "same").path("autopilot").path("driver").asString())
                    .isEqualTo(survivor.name()));
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              JsonNode same = route(survivor, "same");
              assertThat(same.path("stage").asString()).isEqualTo("new");
              assertThat(state(same)).isEqualTo("done");
            });
    JsonNode same = route(survivor, "same");
    assertThat(history(same, "to"))
        .containsSubsequence("canary 10%", "canary 50%", "canary 100%", "new");
    assertThat(history(same, "by"))
        .contains("autopilot on " + driver, "autopilot on " + survivor.name());
    stopping.startOnSamePort();
  }

  @Test
  @Order(3)
  void aNewSideThatDiffersOnAThirdNeverLeavesShadowAndSaysWhy() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(state(route(a, "third"))).isEqualTo("failed"));
    JsonNode third = route(b, "third");
    assertThat(third.path("stage").asString()).isEqualTo("shadow");
    assertThat(third.path("autopilot").path("waitingFor").asString())
        .contains("mismatch rate over")
        .contains("at shadow")
        .contains("/ficus/routes/third/autopilot/resume");
    assertThat(history(third, "action")).containsExactly("fail");
  }

  @Test
  @Order(4)
  void aNewSideThatStartsFailingAt25PercentGoesBackAndStops() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(state(route(a, "breaks"))).isEqualTo("failed"));
    JsonNode breaks = route(b, "breaks");
    assertThat(breaks.path("stage").asString()).isIn("legacy", "shadow");
    assertThat(history(breaks, "action")).containsExactly("advance", "advance", "fail");
    assertThat(history(breaks, "from")).endsWith("canary 25%");
    // It stays stopped: no step after the failure.
    int steps = breaks.path("autopilot").path("history").size();
    assertThat(route(a, "breaks").path("autopilot").path("history").size()).isEqualTo(steps);
  }

  @Test
  @Order(5)
  void aRouteWithoutTrafficWaitsAndSaysSo() {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode quiet = route(a, "quiet");
              assertThat(state(quiet)).isEqualTo("waiting_for_data");
              assertThat(quiet.path("autopilot").path("waitingFor").asString())
                  .isEqualTo("0 of the 80 comparisons needed at shadow");
            });
    assertThat(route(b, "quiet").path("stage").asString()).isEqualTo("shadow");
  }

  @Test
  @Order(6)
  void aDryRunSaysWhatItWouldDoAndChangesNothing() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> history(route(a, "dry"), "action").contains("dry-run-advance"));
    JsonNode dry = route(b, "dry");
    assertThat(dry.path("stage").asString()).isEqualTo("shadow");
    assertThat(dry.path("autopilot").path("dryRun").asBoolean()).isTrue();
    assertThat(history(dry, "to")).containsExactly("canary 10%");
    assertThat(route(a, "dry").path("flag").path("variant").isNull()).isTrue();
  }

  @Test
  @Order(7)
  void anOperatorPausesAndResumesTheFleetsAutopilot() {
    HttpResponse<String> paused =
        admin(a, "/ficus/routes/quiet/autopilot/pause", "{\"reason\":\"month-end\"}");
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              JsonNode quiet = route(b, "quiet");
              assertThat(state(quiet)).isEqualTo("paused");
              assertThat(quiet.path("autopilot").path("waitingFor").asString())
                  .startsWith("month-end (admin token from 127.0.0.1)");
            });
    HttpResponse<String> resumed = admin(b, "/ficus/routes/quiet/autopilot/resume", "");
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(state(route(a, "quiet"))).isEqualTo("waiting_for_data"));
    assertThat(history(route(a, "quiet"), "action")).containsExactly("pause", "resume");

    HttpResponse<String> bad = admin(a, "/ficus/routes/quiet/autopilot/pause", "{\"why\":1}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("unknown field 'why'");
    assertThat(admin(a, "/ficus/routes/nope/autopilot/pause", "").statusCode()).isEqualTo(404);
    assertThat(
            a.client()
                .send(
                    a.client()
                        .request("/ficus/routes/quiet/autopilot/pause")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build())
                .statusCode())
        .as("without the admin token")
        .isEqualTo(401);
  }

  @Test
  @Order(8)
  void everyStepReachesTheWebhookAndTheMetrics() {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<LoggedRequest> posted = hooks.findAll(postRequestedFor(urlPathEqualTo("/hook")));
              assertThat(posted)
                  .anySatisfy(
                      request -> {
                        JsonNode body = JSON.readTree(request.getBodyAsString());
                        assertThat(body.path("route").asString()).isEqualTo("same");
                        assertThat(body.path("action").asString()).isEqualTo("advance");
                        assertThat(body.path("to").asString()).isEqualTo("new");
                      });
              assertThat(posted)
                  .anySatisfy(
                      request ->
                          assertThat(
                                  JSON.readTree(request.getBodyAsString())
                                      .path("dryRun")
                                      .asBoolean())
                              .isTrue());
            });
    String scrape =
        a.client().get("/ficus/actuator/prometheus").body()
            + b.client().get("/ficus/actuator/prometheus").body();
    assertThat(scrape)
        .contains("ficus_autopilot_steps_total{action=\"advance\",route=\"same\"}")
        .contains("ficus_autopilot_driving{route=\"same\"}");
  }

  @Test
  @Order(9)
  void theConsoleShowsThePlanWhereTheRouteStandsAndTheHistory() {
    try (Browser browser = Browser.start(1280, 900)) {
      ChromeDriver page = browser.driver();
      page.get("http://127.0.0.1:" + a.port() + "/ficus/console");
      WebDriverWait wait =
          (WebDriverWait)
              new WebDriverWait(page, Duration.ofSeconds(15))
                  .ignoring(StaleElementReferenceException.class)
                  .ignoring(NoSuchElementException.class);
      WebElement token = wait.until(d -> d.findElement(By.id("token")));
      token.sendKeys(TOKEN);
      token.sendKeys(Keys.ENTER);
      By row = By.cssSelector("#route-table tr[data-route='same']");
      wait.until(d -> !d.findElements(row).isEmpty());
      page.findElement(row).sendKeys(Keys.ENTER);
      wait.until(d -> d.findElement(By.id("autopilot-state")).getText().startsWith("done at new"));
      assertThat(page.findElement(By.id("autopilot-plan")).getText())
          .isEqualTo(
              "shadow → canary 10% → canary 50% → canary 100% → new; each step at least 2s and 80"
                  + " comparisons; on failure to legacy");
      // The console redraws the history as it polls: the rows are read in one go, again when a
      // redraw took them away mid-read.
      List<String> rows =
          wait.until(
              d -> {
                List<String> texts =
                    d.findElements(By.cssSelector("#autopilot-history tbody tr")).stream()
                        .map(WebElement::getText)
                        .toList();
                return texts.size() == 5 ? texts : null;
              });
      assertThat(rows.get(0)).contains("done", "new");
      assertThat(rows.get(4)).contains("advance", "shadow", "canary 10%", "READY at shadow");
    }
  }

  HttpResponse<String> admin(Replica replica, String path, String body) {
    return replica
        .client()
        .send(
            replica
                .client()
                .request(path)
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
  }
}
