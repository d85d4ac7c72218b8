package dev.ficus.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.testing.PostgresServer;
import dev.ficus.testing.UnleashServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One pod of {@code deploy/kubernetes}: the image's command line and environment, the ConfigMap's
 * {@code ficus.yml} unchanged, a real Unleash server and a real PostgreSQL behind the Secret's
 * values. It starts, answers its probes where the Deployment looks, serves the ConfigMap's route,
 * writes its evidence under the pod's name, and on SIGTERM finishes the request in flight and
 * flushes its capture.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodIT {

  static final String POD = "ficus-5d8f7c9b4-x2k7q";
  static final String ADMIN_TOKEN = "pod-it-admin-token-0f3a9c";
  static final String DB_PASSWORD = "pod-it-db-password-77d1";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String INGRESS = "127\\.0\\.0\\.1";

  @TempDir static Path fs;
  static PostgresServer postgres;
  static UnleashServer unleash;
  static Stub monolith;
  static Stub orders;
  static ImageRun pod;

  @BeforeAll
  static void start() {
    postgres = PostgresServer.start();
    String evidence = postgres.createDatabase("ficus_evidence");
    unleash = UnleashServer.start(postgres);
    unleash.createRolloutFlag("ficus-orders", 0);
    monolith = new Stub(target -> "{\"target\":\"" + target + "\",\"total\":12}", 3000);
    orders = new Stub(target -> "{\"total\":12,\"target\":\"" + target + "\"}", 0);
    pod =
        new ImageRun(
            fs,
            POD,
            Map.of(
                "admin-token",
                ADMIN_TOKEN,
                "unleash-api-token",
                UnleashServer.CLIENT_TOKEN,
                "unleash-admin-token",
                UnleashServer.ADMIN_TOKEN,
                "evidence-url",
                evidence,
                "evidence-username",
                PostgresServer.USER,
                "evidence-password",
                DB_PASSWORD),
            Map.of(
                "http://monolith:8080", monolith.url(),
                "http://orders:8080", orders.url(),
                "http://unleash:4242", unleash.root()),
            Map.of(
                // Every request captured (the ConfigMap samples 5% of users), so the one in flight
                // at SIGTERM is known to be in the capture.
                "FICUS_CAPTURE_SAMPLERATE",
                "1.0",
                // The ingress controller's address here: the test's client on 127.0.0.1 stands for
                // it, any other loopback address for a client the ConfigMap does not trust.
                "FICUS_IDENTITY_TRUSTEDPROXIES",
                INGRESS));
    HTTPGetAction startup = probe(container().getStartupProbe());
    pod.awaitOk(startup.getPort().getStrVal(), startup.getPath(), Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable server : new AutoCloseable[] {pod, orders, monolith, unleash, postgres}) {
      try {
        if (server != null) {
          server.close();
        }
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }

  static Container container() {
    return Manifests.deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static HTTPGetAction probe(Probe probe) {
    HTTPGetAction get = probe.getHttpGet();
    // The probe names the container's port; that port is the admin port Ficus listens on
    // (ficus.admin.port in the ConfigMap, here FICUS_ADMIN_PORT).
    String name = get.getPort().getStrVal();
    int containerPort =
        container().getPorts().stream()
            .filter(port -> port.getName().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no container port named " + name))
            .getContainerPort();
    assertThat(containerPort).isEqualTo(Manifests.ficusYml().at("/ficus/admin/port").asInt());
    return get;
  }

  /** GET of a probe's path on the port it names. */
  static HttpResponse<String> ask(Probe probe) throws IOException {
    HTTPGetAction get = probe(probe);
    return pod.getOn(get.getPort().getStrVal(), get.getPath());
  }

  @Test
  @Order(1)
  void answersItsProbesAndItsScrapeWhereTheDeploymentLooks() throws IOException {
    Container container = container();
    for (Probe probe :
        List.of(
            container.getStartupProbe(),
            container.getLivenessProbe(),
            container.getReadinessProbe())) {
      HttpResponse<String> answer = ask(probe);
      assertThat(answer.statusCode()).as(probe.getHttpGet().getPath()).isEqualTo(200);
      assertThat(answer.body()).contains("\"UP\"");
    }
    Map<String, String> annotations =
        Manifests.deployment().getSpec().getTemplate().getMetadata().getAnnotations();
    String scrapePort =
        container().getPorts().stream()
            .filter(
                port ->
                    Integer.toString(port.getContainerPort())
                        .equals(annotations.get("prometheus.io/port")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("prometheus.io/port names no container port"))
            .getName();
    assertThat(scrapePort).isEqualTo("admin");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              String scrape = pod.getOn(scrapePort, annotations.get("prometheus.io/path")).body();
              assertThat(scrape)
                  .contains("ficus_route_stage{route=\"orders\",stage=\"shadow\"} 1.0")
                  .contains("ficus_route_share{route=\"orders\"} 0.0")
                  .contains("ficus_flag_source_ok 1.0")
                  .contains("ficus_evidence_store_ok 1.0");
            });
  }

  @Test
  @Order(2)
  void thePublicPortServesTheRoutesAndHealthButNoAdminSurface() throws IOException {
    assertThat(pod.get("/ficus/actuator/health/readiness").statusCode()).isEqualTo(200);
    for (String path :
        List.of(
            "/ficus/actuator/prometheus",
            "/ficus/routes",
            "/ficus/routes/orders",
            "/ficus/fleet/routes",
            "/ficus/console")) {
      HttpResponse<String> answer = pod.get(path, "Authorization", "Bearer " + ADMIN_TOKEN);
      assertThat(answer.statusCode()).as(path).isEqualTo(404);
      assertThat(answer.body()).as(path).doesNotContain("ficus_").contains("ficus.admin.port");
    }
    assertThat(pod.getOn("admin", "/ficus/routes/orders").statusCode()).isEqualTo(401);
    assertThat(pod.getOn("admin", "/orders/7", "X-User-Id", "u-7").statusCode())
        .as("nothing is proxied from the admin port")
        .isEqualTo(404);
  }

  @Test
  @Order(3)
  void servesTheConfigMapsRouteWithTheSecretsTokens() throws IOException {
    HttpResponse<String> answer = pod.get("/orders/7", "X-User-Id", "u-7");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("/orders/7");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode report = admin("/ficus/routes/orders");
              assertThat(report.path("comparisons").path("match").asLong()).isEqualTo(1);
              assertThat(report.path("stage").asText()).isEqualTo("shadow");
              assertThat(report.at("/flagSource/source").asText())
                  .isEqualTo("Unleash server " + unleash.clientApi());
              assertThat(report.at("/flagSource/state").asText()).isEqualTo("ok");
              assertThat(report.at("/flag/known").asBoolean()).isTrue();
            });
    assertThat(orders.requests()).isEqualTo(1);
  }

  @Test
  @Order(5)
  void aUserIdFromAnAddressOutsideTheTrustedProxiesIsIgnored() throws IOException {
    // The same request from 127.0.0.2, which the trusted proxies do not match.
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress("127.0.0.2", 0));
      socket.connect(new InetSocketAddress("127.0.0.1", pod.port("http")), 5000);
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /orders/8 HTTP/1.1\r\nHost: ficus\r\nX-User-Id: u-8\r\n"
                      + "Connection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 200").contains("/orders/8");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(pod.getOn("admin", "/ficus/actuator/prometheus").body())
                    .contains("ficus_identity_untrusted_total 1.0"));
  }

  @Test
  @Order(4)
  void writesItsEvidenceToTheSharedStoreUnderThePodsName() {
    // The writer flushes every 5 s. The flag source's first answer lands while the evidence is set
    // up at start; its buckets must carry the share that answer gave, or the fleet view, which
    // judges the buckets since the route's current step began, finds none.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode fleet = admin("/ficus/fleet/routes/orders");
              assertThat(fleet.path("replicas").findValuesAsText("replica")).containsExactly(POD);
              assertThat(fleet.path("comparisons").path("match").asLong()).isEqualTo(1);
            });
  }

  @Test
  @Order(6)
  void onSigtermFinishesTheRequestInFlightFlushesItsCaptureAndStops() throws Exception {
    int before = monolith.requests();
    CompletableFuture<HttpResponse<String>> slow =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(pod.uri("/orders/slow-1"))
                    .header("X-User-Id", "u-slow")
                    .timeout(Duration.ofSeconds(40))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> monolith.requests() > before);
    pod.terminate();
    ImageRun.sleep(300);
    // Draining: no longer ready (a new connection is refused, or readiness says so).
    assertThat(readinessWhileDraining()).isNotEqualTo(200);
    assertThat(slow.isDone()).as("the slow request is still in flight").isFalse();

    HttpResponse<String> answer = slow.get(30, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"target\":\"/orders/slow-1\",\"total\":12}");
    long grace =
        Manifests.deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    assertThat(pod.process().waitFor(grace, TimeUnit.SECONDS))
        .as("stopped within terminationGracePeriodSeconds (%s s):\n%s", grace, pod.logTail())
        .isTrue();
    assertThat(captured()).as("the capture files after shutdown").contains("/orders/slow-1");
    String log = pod.log();
    assertThat(log).contains("Graceful shutdown");
    for (String secret :
        List.of(ADMIN_TOKEN, DB_PASSWORD, UnleashServer.CLIENT_TOKEN, UnleashServer.ADMIN_TOKEN)) {
      assertThat(log).as("the log holds no secret").doesNotContain(secret);
    }
  }

  private static int readinessWhileDraining() {
    try {
      return ask(container().getReadinessProbe()).statusCode();
    } catch (IOException refused) {
      return -1;
    }
  }

  private static JsonNode admin(String path) throws IOException {
    HttpResponse<String> answer =
        pod.getOn("admin", path, "Authorization", "Bearer " + ADMIN_TOKEN);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private static String captured() throws IOException {
    String ficusYml = Manifests.configMap().getData().get("ficus.yml");
    Path dir = pod.host(Manifests.YAML.readTree(ficusYml).at("/ficus/capture/dir").asText());
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        if (file.toString().endsWith(".gz")) {
          try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        } else if (file.toString().endsWith(".jsonl")) {
          texts.add(Files.readString(file));
        }
      }
    }
    return String.join("\n", texts);
  }
}
