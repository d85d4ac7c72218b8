package dev.ficus.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules in {@code deploy/prometheus} pass {@code promtool}, and a real Prometheus server
 * (Debian's {@code prometheus}, as {@code .ci/setup} installs it) scraping two gateway replicas
 * computes the fleet's mismatch rate from them as the replicas' own reports add up; every query of
 * the Grafana dashboard runs there and names only metrics the gateways export.
 */
class PrometheusIT {

  static final Path RULES = Manifests.DEPLOY.resolve("prometheus/ficus-rules.yml");
  static final Path RULE_TESTS = Manifests.DEPLOY.resolve("prometheus/ficus-rules-test.yml");
  static final Path DASHBOARD = Manifests.DEPLOY.resolve("grafana/ficus-fleet.json");
  static final String TOKEN = "prometheus-it-token";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static Stub legacy;
  static Stub fresh;
  static Gateway a;
  static Gateway b;
  static Process prometheus;
  static int prometheusPort;

  /** A gateway replica started from the gateway's jar. */
  record Gateway(Process process, int port, Path log) {
    HttpResponse<String> get(String path, String... headers) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(10));
      if (headers.length > 0) {
        request.headers(headers);
      }
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode report() throws Exception {
      return JSON.readTree(get("/ficus/routes/orders", "Authorization", "Bearer " + TOKEN).body());
    }

    long compared() throws Exception {
      JsonNode comparisons = report().path("comparisons");
      return comparisons.path("match").asLong() + comparisons.path("mismatch").asLong();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    legacy = new Stub(target -> "{\"target\":\"" + target + "\",\"total\":10}", 0);
    // The new side differs from legacy on /orders/diff-*.
    fresh =
        new Stub(
            target ->
                "{\"target\":\""
                    + target
                    + "\",\"total\":"
                    + (target.contains("diff") ? 11 : 10)
                    + "}",
            0);
    a = gateway("a");
    b = gateway("b");
    prometheusPort = ImageRun.freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files: ["%s"]
        scrape_configs:
          - job_name: ficus
            metrics_path: /ficus/actuator/prometheus
            static_configs:
              - targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
        """
            .formatted(RULES, a.port(), b.port()));
    prometheus =
        new ProcessBuilder(
                "prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    for (Gateway gateway : List.of(a, b)) {
      awaitUp(gateway);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(value(query("sum(up{job=\"ficus\"})"))).isEqualTo(2.0));
  }

  static Gateway gateway(String name) throws IOException {
    int port = ImageRun.freePort();
    Path home = Files.createDirectories(dir.resolve(name));
    Path config = home.resolve("ficus.yml");
    Files.writeString(
        config,
        """
        server.port: %d
        ficus:
          legacy.uri: %s
          routes:
            - id: orders
              paths: [/orders/**]
              new-uri: %s
              mode: shadow
          evidence:
            dir: %s
            replica: %s
          capture:
            enabled: true
            dir: %s
          admin.token: %s
        """
            .formatted(
                port,
                legacy.url(),
                fresh.url(),
                home.resolve("evidence"),
                name,
                home.resolve("capture"),
                TOKEN));
    Path log = home.resolve("gateway.log");
    Process process =
        new ProcessBuilder(
                ImageRun.java(),
                "-Xmx256m",
                "-jar",
                ImageRun.gatewayJar().toString(),
                "--spring.config.additional-location=file:" + config)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new Gateway(process, port, log);
  }

  static void awaitUp(Gateway gateway) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertThat(gateway.process().isAlive())
          .as("gateway exited:\n%s", Files.readString(gateway.log()))
          .isTrue();
      try {
        if (gateway.get("/ficus/actuator/health/readiness").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      ImageRun.sleep(250);
    }
    throw new AssertionError("gateway did not start:\n" + Files.readString(gateway.log()));
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process process :
        new Process[] {
          prometheus, a == null ? null : a.process(), b == null ? null : b.process()
        }) {
      if (process != null) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
    if (legacy != null) {
      legacy.close();
    }
    if (fresh != null) {
      fresh.close();
    }
  }

  @Test
  void theRulesPassPromtoolsChecksAndUnitTests() throws Exception {
    assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS");
    assertThat(promtool("test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
  }

  @Test
  void theFleetMismatchRateIsWhatBothReplicasReportTogether() throws Exception {
    // Replica a: 120 comparisons, half of them different; replica b: 60, none different. The fleet
    // differs on 60 of 180 (a third), not on the mean of the two replicas' rates (a quarter).
    for (int i = 0; i < 120; i++) {
      String path = i % 2 == 0 ? "/orders/diff-" + i : "/orders/same-" + i;
      assertThat(a.get(path, "X-User-Id", "a-" + i).statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 60; i++) {
      assertThat(b.get("/orders/same-b" + i, "X-User-Id", "b-" + i).statusCode()).isEqualTo(200);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> a.compared() == 120 && b.compared() == 60);
    JsonNode ownA = a.report().path("comparisons");
    JsonNode ownB = b.report().path("comparisons");
    double mismatches = ownA.path("mismatch").asLong() + ownB.path("mismatch").asLong();
    double compared = a.compared() + b.compared();
    assertThat(mismatches).isEqualTo(60);

    // Prometheus has scraped both replicas' final counts, and evaluated the rule after that.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        value(
                            query(
                                "sum(ficus_shadow_outcomes_total{route=\"orders\","
                                    + " outcome=~\"match|mismatch\"})")))
                    .isEqualTo(compared));
    ImageRun.sleep(3000);
    double fleet = value(query("route:ficus_shadow_mismatch_ratio:rate5m{route=\"orders\"}"));
    // rate() extrapolates each replica's counters to the window's edge by its own scrape phase: a
    // fraction of a scrape interval over the half minute of data, well under a percentage point.
    assertThat(fleet).isCloseTo(mismatches / compared, within(0.01));
    assertThat(Math.abs(fleet - 0.25))
        .as("not the mean of the replicas' rates")
        .isGreaterThan(0.05);

    JsonNode rules = api("/api/v1/rules").path("data").path("groups");
    List<String> unhealthy = new ArrayList<>();
    for (JsonNode rule : rules.findValues("rules")) {
      for (JsonNode one : rule) {
        if (!one.path("health").asText().equals("ok")) {
          unhealthy.add(one.path("name").asText() + ": " + one.path("lastError").asText());
        }
      }
    }
    assertThat(rules.findValues("rules").stream().mapToInt(JsonNode::size).sum()).isEqualTo(15);
    assertThat(unhealthy).as("rules Prometheus could not evaluate").isEmpty();
  }

  @Test
  void everyDashboardQueryRunsAndNamesOnlyExportedMetrics() throws Exception {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    Set<String> exported = new HashSet<>();
    api("/api/v1/label/__name__/values").path("data").forEach(name -> exported.add(name.asText()));
    assertThat(exported).contains("ficus_requests_total", "ficus_route_stage");
    List<String> expressions = dashboard.findValuesAsText("expr");
    assertThat(expressions).hasSizeGreaterThan(15);
    Pattern metric = Pattern.compile("(?<![:\\w])ficus_[a-z_]+");
    for (String expression : expressions) {
      Matcher names = metric.matcher(expression);
      while (names.find()) {
        assertThat(exported).as("%s in %s", names.group(), expression).contains(names.group());
      }
      String query =
          expression
              .replace("$route", "orders")
              .replace("$instance", ".*")
              .replace("$__rate_interval", "1m");
      JsonNode answer = query(query);
      assertThat(answer.path("status").asText()).as(query).isEqualTo("success");
    }
    String rules = Files.readString(RULES);
    Matcher names = metric.matcher(rules);
    while (names.find()) {
      assertThat(exported).as("%s in ficus-rules.yml", names.group()).contains(names.group());
    }
    // The stage panel shows the route's stage from the replicas.
    JsonNode stage = query("max by (stage) (ficus_route_stage{route=\"orders\"}) == 1");
    assertThat(stage.at("/data/result/0/metric/stage").asText()).isEqualTo("shadow");
  }

  static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    return out;
  }

  static JsonNode query(String promql) throws Exception {
    return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  static JsonNode api(String path) throws Exception {
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  /** The single value of an instant query's answer. */
  static double value(JsonNode answer) {
    JsonNode result = answer.at("/data/result");
    assertThat(result.size()).as(answer.toString()).isEqualTo(1);
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }
}
