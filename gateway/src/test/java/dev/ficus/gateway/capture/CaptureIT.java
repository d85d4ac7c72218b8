package dev.ficus.gateway.capture;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.compare.capture.CaptureReader;
import dev.ficus.compare.capture.CapturedExchange;
import dev.ficus.gateway.FicusGatewayApplication;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.replay.cli.ReplayMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real gateway run with capture on: 64 concurrent clients, secrets in every request, then a
 * graceful shutdown. The capture is then replayed against a new service with a planted difference.
 */
class CaptureIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String TOKEN = "admin-token-for-capture";
  static final int CLIENTS = 64;
  static final int REQUESTS_PER_CLIENT = 25;
  static final int WRITES = 5;

  @TempDir static Path dir;
  static Path captureDir;
  static WireMockServer legacy;
  static WireMockServer fresh;
  static int answered;
  static JsonNode adminBeforeShutdown;
  static List<Path> files;
  static List<CapturedExchange> records = new ArrayList<>();
  static String allText;

  static WireMockServer server() {
    return Backends.templated(80);
  }

  static String trip(String fare) {
    return "{\"id\":\"{{request.pathSegments.[1]}}\",\"fare\":"
        + fare
        + ",\"requestId\":\"{{randomValue type='UUID'}}\",\"driver\":{\"name\":\"Ada\"}}";
  }

  @BeforeAll
  static void recordARealRun() throws Exception {
    legacy = server();
    fresh = server();
    legacy.stubFor(
        get(urlPathMatching("/trips/[0-9]+"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Set-Cookie", "session=s3cret-set-cookie; HttpOnly")
                    .withBody(trip("12.5"))));
    legacy.stubFor(
        any(urlPathMatching("/users/.*"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"user\":\"ada\",\"card\":{\"number\":\"4111-s3cret-card\"}}")));
    fresh.stubFor(
        get(urlPathMatching("/trips/[0-9]+"))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(trip("12.5"))));
    fresh.stubFor(
        get(urlPathMatching("/trips/7"))
            .atPriority(1)
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(trip("12.6"))));
    captureDir = dir.resolve("capture");
    ConfigurableApplicationContext gateway =
        new SpringApplicationBuilder(FicusGatewayApplication.class)
            .web(WebApplicationType.REACTIVE)
            .run(
                "--server.port=0",
                "--ficus.legacy.uri=http://127.0.0.1:" + legacy.port(),
                "--ficus.admin.token=" + TOKEN,
                "--ficus.routes[0].id=trips",
                "--ficus.routes[0].paths[0]=/trips/**",
                "--ficus.routes[0].mode=shadow",
                "--ficus.routes[0].new-uri=http://127.0.0.1:" + fresh.port(),
                "--ficus.routes[0].shadow.max-in-flight=1024",
                "--ficus.routes[1].id=users",
                "--ficus.routes[1].paths[0]=/users/**",
                "--ficus.routes[1].mode=legacy",
                "--ficus.capture.enabled=true",
                "--ficus.capture.dir=" + captureDir,
                "--ficus.capture.max-file-size=200KB",
                "--ficus.capture.redact.headers[0]=X-Api-Key",
                "--ficus.capture.redact.query-params[0]=token",
                "--ficus.capture.redact.body-paths[0]=/password",
                "--ficus.capture.redact.body-paths[1]=/card/number");
    try {
      int port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
      answered = drive(port);
      HttpResponse<String> admin =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ficus/routes"))
                      .header("Authorization", "Bearer " + TOKEN)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      adminBeforeShutdown = JSON.readTree(admin.body());
    } finally {
      gateway.close();
    }
    files = CaptureReader.files(List.of(captureDir));
    StringBuilder text = new StringBuilder();
    for (Path file : files) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      try (Stream<CaptureReader.Line> lines = CaptureReader.lines(file)) {
        lines.forEach(
            line -> {
              assertThat(line).isInstanceOf(CaptureReader.Entry.class);
              records.add(((CaptureReader.Entry) line).captured());
            });
      }
    }
    allText = text.toString();
  }

  /** 64 clients at once, each request carrying credentials; returns how many were answered. */
  static int drive(int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    AtomicInteger ok = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                    HttpRequest request =
                        HttpRequest.newBuilder(
                                URI.create(
                                    "http://127.0.0.1:"
                                        + port
                                        + "/trips/"
                                        + (1 + (client + i) % 20)
                                        + "?token=s3cret-query&page=1"))
                            .header("X-User-Id", "user-" + client)
                            .header("Authorization", "Bearer s3cret-auth")
                            .header("Cookie", "sid=s3cret-cookie")
                            .header("X-Api-Key", "s3cret-key")
                            .timeout(Duration.ofSeconds(30))
                            .build();
                    if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()
                        == 200) {
                      ok.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> client : clients) {
        client.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < WRITES; i++) {
      HttpRequest login =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/users/1/login"))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"user\":\"ada\",\"password\":\"s3cret-password\"}"))
              .build();
      if (http.send(login, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
        ok.incrementAndGet();
      }
    }
    return ok.get();
  }

  @AfterAll
  static void stop() {
    legacy.stop();
    fresh.stop();
  }

  @Test
  void everyAnsweredRequestIsOnDiskAfterShutdown() {
    assertThat(answered).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT + WRITES);
    assertThat(records).hasSize(answered);
    JsonNode capture = adminBeforeShutdown.get("capture");
    assertThat(capture.get("dropped").asLong()).isZero();
    assertThat(capture.get("failed").asLong()).isZero();
    assertThat(capture.get("accepted").asLong()).isPositive();
  }

  @Test
  void filesRotateBySizeAndAreGzippedOnceClosed() throws IOException {
    assertThat(files).hasSizeGreaterThan(2);
    try (Stream<Path> all = Files.list(captureDir)) {
      assertThat(all.map(p -> p.getFileName().toString()))
          .allMatch(name -> name.matches("capture-\\d{8}T\\d{6}Z-\\d+-\\d{4}\\.jsonl\\.gz"));
    }
  }

  @Test
  void noSecretReachesTheCaptureFiles() {
    assertThat(allText.lines().filter(line -> line.contains("s3cret"))).isEmpty();
    assertThat(allText)
        .contains("[REDACTED]")
        .contains("page=1")
        .contains("\\\"user\\\":\\\"ada\\\"");
  }

  @Test
  void recordsCarryBothAnswersAndTheComparisonOutcome() {
    List<CapturedExchange> trips =
        records.stream().filter(r -> "trips".equals(r.exchange().routeId())).toList();
    assertThat(trips).hasSize(CLIENTS * REQUESTS_PER_CLIENT);
    assertThat(trips).allMatch(r -> r.exchange().legacy() != null && r.exchange().fresh() != null);
    assertThat(trips).allMatch(r -> r.outcome().equals("match") || r.outcome().equals("mismatch"));
    assertThat(trips)
        .filteredOn(r -> r.outcome().equals("mismatch"))
        .isNotEmpty()
        .allMatch(r -> r.exchange().request().path().equals("/trips/7"))
        .allMatch(r -> r.differences().equals(List.of("/fare")));
    assertThat(trips.get(0).exchange().userHash()).matches("[0-9a-f]{16}");
    List<CapturedExchange> users =
        records.stream().filter(r -> "users".equals(r.exchange().routeId())).toList();
    assertThat(users).hasSize(WRITES);
    assertThat(users)
        .allMatch(r -> r.outcome() == null && r.exchange().fresh() == null)
        .allMatch(r -> r.exchange().request().method().equals("POST"));
  }

  @Test
  void replayingTheCaptureFindsExactlyThePlantedDifference() throws IOException {
    WireMockServer planted = server();
    try {
      planted.stubFor(
          get(urlPathMatching("/trips/[0-9]+"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(trip("12.5"))));
      // The planted difference: trip 3 lost its driver's name.
      planted.stubFor(
          get(urlPathMatching("/trips/3"))
              .atPriority(1)
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"id\":\"3\",\"fare\":12.5,\"requestId\":\"{{randomValue"
                              + " type='UUID'}}\",\"driver\":{}}")));
      Path report = dir.resolve("report");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          ReplayMain.execute(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "--capture",
              captureDir.toString(),
              "--new",
              "http://127.0.0.1:" + planted.port(),
              "--report",
              report.toString(),
              "--progress",
              "none");

      assertThat(code).as(err.toString()).isEqualTo(1);
      JsonNode json = JSON.readTree(Files.readString(report.resolve("report.json")));
      assertThat(json.get("replayed").asLong()).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
      assertThat(json.get("filtered").get("write (use --include-writes)").asLong())
          .isEqualTo(WRITES);
      JsonNode trips = json.get("routes").get(0);
      assertThat(trips.get("route").asString()).isEqualTo("trips");
      List<String> paths = new ArrayList<>();
      trips.get("topDifferences").forEach(d -> paths.add(d.get("path").asString()));
      assertThat(paths).containsExactly("/driver/name");
      assertThat(trips.get("noise").get(0).get("path").asString()).isEqualTo("/requestId");
      // The redacted credentials were not sent again.
      planted
          .findAll(
              com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                  com.github.tomakehurst.wiremock.client.WireMock.anyUrl()))
          .forEach(
              request -> {
                assertThat(request.containsHeader("Authorization")).isFalse();
                assertThat(request.getHeader("X-User-Id")).startsWith("user-");
              });
    } finally {
      planted.stop();
    }
  }
}
