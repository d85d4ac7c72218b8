package dev.ficus.gateway.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.FlagsFiles;
import dev.ficus.gateway.testing.GeneratedBytes;
import dev.ficus.gateway.testing.Routes;
import dev.ficus.gateway.testing.StreamingBackend;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PassThroughIT {

  static final WireMockServer legacy = Backends.named("legacy");
  static final WireMockServer fresh = Backends.named("new");
  static final StreamingBackend streaming = new StreamingBackend();
  static final DisposableServer websockets =
      HttpServer.create()
          .host("127.0.0.1")
          .port(0)
          .route(
              routes ->
                  routes.ws(
                      "/ws/echo",
                      (in, out) ->
                          out.sendString(in.receive().asString().map(text -> "echo: " + text))))
          .bindNow();
  static final Path flagsFile =
      FlagsFiles.write(
          FlagsFiles.temporaryDirectory().resolve("flags.json"), Map.of("everyone", 100));

  static final long HUNDRED_MB = 100L * 1024 * 1024;

  @LocalServerPort int port;
  Client client;

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    registry.add("ficus.flags.file", flagsFile::toString);
    Routes.route(registry, 0, "echo", "/echo/**", "new", Backends.uri(fresh));
    Routes.route(registry, 1, "streams", "/big/**", "new", "http://127.0.0.1:" + streaming.port());
    Routes.route(
        registry, 2, "sockets", "/ws/**", "canary", "http://127.0.0.1:" + websockets.port());
    registry.add("ficus.routes[2].flag", () -> "everyone");
    Routes.route(
        registry, 3, "down", "/down/**", "new", "http://127.0.0.1:" + Backends.closedPort());
    Routes.route(registry, 4, "slow", "/slow/**", "new", Backends.uri(fresh));
    registry.add("ficus.routes[4].timeout.response", () -> "300ms");
    // These two show what the client gets when an upstream fails and nothing can serve instead.
    registry.add("ficus.routes[3].fallback.enabled", () -> "false");
    registry.add("ficus.routes[4].fallback.enabled", () -> "false");
    Routes.route(registry, 5, "slow-legacy", "/slow-legacy/**", "legacy", null);
    registry.add("ficus.routes[5].timeout.response", () -> "300ms");
    Routes.route(registry, 6, "parts", "/parts/**", "new", "http://127.0.0.1:" + streaming.port());
    registry.add("ficus.routes[6].fallback.enabled", () -> "false");
  }

  @AfterAll
  static void stopBackends() {
    legacy.stop();
    fresh.stop();
    streaming.close();
    websockets.disposeNow();
  }

  @BeforeEach
  void connect() {
    client = new Client(port);
  }

  private LoggedRequest lastRequestTo(WireMockServer server, String path) {
    List<LoggedRequest> requests =
        server.findAll(
            com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(urlPathEqualTo(path)));
    assertThat(requests).as("requests to %s", path).isNotEmpty();
    return requests.get(requests.size() - 1);
  }

  @Test
  void passesMethodPathQueryAndHeadersUnchanged() {
    String query = "?a=1&a=2&q=hello%20world&e=%C3%A9&plus=a+b&empty=&bare&slash=%2F%3F";
    HttpResponse<String> response =
        client.send(
            client
                .request("/echo/Some%20Path/x" + query)
                .header("X-Custom", "Value  with spaces; and=signs")
                .header("X-Multi", "one")
                .header("X-Multi", "two")
                .header("X-User-Id", "u1")
                .header("X-Ficus-Shadow", "true")
                .method("PATCH", BodyPublishers.ofString("{\"a\":1}"))
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    LoggedRequest received = lastRequestTo(fresh, "/echo/Some%20Path/x");
    assertThat(received.getMethod().getName()).isEqualTo("PATCH");
    assertThat(received.getUrl()).isEqualTo("/echo/Some%20Path/x" + query);
    assertThat(received.getHeader("X-Custom")).isEqualTo("Value  with spaces; and=signs");
    assertThat(received.getHeaders().getHeader("X-Multi").values()).containsExactly("one", "two");
    assertThat(received.getHeader("X-User-Id")).isEqualTo("u1");
    assertThat(received.getHeader("X-Ficus-Shadow"))
        .as("X-Ficus-* are Ficus's own, never a client's")
        .isNull();
    assertThat(received.getBodyAsString()).isEqualTo("{\"a\":1}");
    assertThat(received.getHeader("X-Forwarded-For")).contains("127.0.0.1");
    assertThat(received.getHeader("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(received.getHeader("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + port);
    assertThat(received.getHeader("X-Forwarded-Port"))
        .as("the port is in X-Forwarded-Host")
        .isNull();
    assertThat(received.getHeader("Host"))
        .as("Host is the upstream's unless preserve-host")
        .isEqualTo("127.0.0.1:" + fresh.port());
  }

  @Test
  void passesBinaryBodiesStatusAndResponseHeadersByteForByte() {
    byte[] upload = new byte[256 * 1024];
    byte[] download = new byte[300 * 1024];
    new Random(1).nextBytes(upload);
    new Random(2).nextBytes(download);
    fresh.stubFor(
        any(urlPathEqualTo("/echo/binary"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(207)
                    .withHeader("Content-Type", "application/octet-stream")
                    .withHeader(
                        "Set-Cookie", "session=abc; Path=/; HttpOnly", "theme=dark; Max-Age=60")
                    .withHeader("X-Multi", "first", "second")
                    .withBody(download)));
    HttpResponse<byte[]> response =
        client.send(
            client
                .request("/echo/binary")
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(upload))
                .build(),
            BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(207);
    assertThat(response.body()).isEqualTo(download);
    assertThat(response.headers().allValues("Set-Cookie"))
        .containsExactly("session=abc; Path=/; HttpOnly", "theme=dark; Max-Age=60");
    assertThat(response.headers().allValues("X-Multi")).containsExactly("first", "second");
    assertThat(lastRequestTo(fresh, "/echo/binary").getBody()).isEqualTo(upload);
  }

  @Test
  void streamsAHundredMegabyteUploadChunkedAndWithLength() {
    String expected = GeneratedBytes.digest(new GeneratedBytes(HUNDRED_MB, 7));
    HttpResponse<String> chunked =
        client.send(
            client
                .request("/big/upload")
                .POST(BodyPublishers.ofInputStream(() -> new GeneratedBytes(HUNDRED_MB, 7)))
                .build());
    assertThat(chunked.body()).isEqualTo(expected + " chunked");
    HttpResponse<String> sized =
        client.send(
            client
                .request("/big/upload")
                .POST(
                    BodyPublishers.fromPublisher(
                        BodyPublishers.ofInputStream(() -> new GeneratedBytes(HUNDRED_MB, 7)),
                        HUNDRED_MB))
                .build());
    assertThat(sized.body()).isEqualTo(expected + " null");
  }

  @Test
  void streamsAHundredMegabyteDownload() {
    HttpResponse<java.io.InputStream> response =
        client.send(
            client.request("/big/download?bytes=" + HUNDRED_MB + "&seed=9").GET().build(),
            BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(GeneratedBytes.digest(response.body()))
        .isEqualTo(GeneratedBytes.digest(new GeneratedBytes(HUNDRED_MB, 9)));
  }

  @Test
  void passesAChunkedResponseThrough() {
    HttpResponse<String> response = client.get("/big/chunked");
    assertThat(response.body()).isEqualTo("part-0;part-1;part-2;part-3;part-4;");
  }

  @Test
  void sendsASmallAnswerWithItsHeadersInOneWriteThoughTheUpstreamSentItInParts() throws Exception {
    // The upstream sends its 10 bytes in two halves, 300 ms apart. The gateway gathers an answer
    // this small and writes it whole: the client's first read holds the headers and both halves.
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              "GET /parts/halves HTTP/1.1\r\nHost: ficus\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] buffer = new byte[8192];
      int read = socket.getInputStream().read(buffer);
      String first = new String(buffer, 0, Math.max(read, 0), StandardCharsets.US_ASCII);
      assertThat(first).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n0123456789");
      assertThat(first.toLowerCase(Locale.ROOT)).contains("content-length: 10\r\n");
    }
  }

  @Test
  void answersProblem502WhenTheUpstreamCutsASmallAnswerShort() {
    HttpResponse<String> response = client.get("/parts/cut");
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"route\":\"parts\"").contains("\"side\":\"new\"");
  }

  @Test
  void upgradesWebSocketsOnARoutedPath() throws Exception {
    CompletableFuture<String> reply = new CompletableFuture<>();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("X-User-Id", "u1")
            .buildAsync(
                URI.create("ws://127.0.0.1:" + port + "/ws/echo"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    reply.complete(data.toString());
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    socket.sendText("hello fleet", true);
    assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("echo: hello fleet");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
  }

  @Test
  void answersProblem502NamingTheSideWhenTheUpstreamIsDown() {
    HttpResponse<String> response = client.get("/down/anything");
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body())
        .contains("\"type\":\"urn:ficus:problem:upstream-unavailable\"")
        .contains("\"route\":\"down\"")
        .contains("\"side\":\"new\"")
        .doesNotContain("Exception")
        .doesNotContain("127.0.0.1");
  }

  @Test
  void answersProblem504NamingTheSideWhenTheUpstreamIsTooSlow() {
    fresh.stubFor(
        any(urlPathMatching("/slow/.*"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(200).withFixedDelay(2_000).withBody("late")));
    legacy.stubFor(
        any(urlPathMatching("/slow-legacy/.*"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(200).withFixedDelay(2_000).withBody("late")));
    HttpResponse<String> onNew = client.get("/slow/trip");
    assertThat(onNew.statusCode()).isEqualTo(504);
    assertThat(onNew.body())
        .contains("\"type\":\"urn:ficus:problem:upstream-timeout\"")
        .contains("\"side\":\"new\"")
        .contains("\"route\":\"slow\"");
    HttpResponse<String> onLegacy = client.get("/slow-legacy/trip");
    assertThat(onLegacy.statusCode()).isEqualTo(504);
    assertThat(onLegacy.body())
        .contains("\"side\":\"legacy\"")
        .contains("\"route\":\"slow-legacy\"");
  }

  @Test
  void neverProxiesAPathUnderFicusNorTheTokenItCarries() {
    int before = legacy.getAllServeEvents().size();
    for (String path : new String[] {"/ficus/route", "/ficus/", "/ficus", "/ficus/nothing/here"}) {
      HttpResponse<String> response = client.get(path, "Authorization", "Bearer admin-secret");
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type"))
          .as(path)
          .hasValue("application/problem+json");
      assertThat(response.body()).as(path).contains("\"type\":\"urn:ficus:problem:not-found\"");
    }
    HttpResponse<String> wrongMethod =
        client.send(
            client
                .request("/ficus/actuator/health")
                .header("Authorization", "Bearer admin-secret")
                .DELETE()
                .build());
    assertThat(wrongMethod.statusCode()).isIn(404, 405);
    assertThat(wrongMethod.headers().firstValue("Content-Type"))
        .hasValue("application/problem+json");
    assertThat(legacy.getAllServeEvents()).as("requests legacy received").hasSize(before);
    assertThat(client.get("/ficusx/trip").statusCode())
        .as("a path that only begins like Ficus's goes to legacy")
        .isNotEqualTo(0);
    assertThat(legacy.getAllServeEvents()).hasSize(before + 1);
  }

  @Test
  void reportsLivenessAndReadiness() {
    assertThat(client.get("/ficus/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
    assertThat(client.get("/ficus/actuator/health/readiness").body()).contains("\"status\":\"UP\"");
  }
}
