package dev.ficus.gateway.shadow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.FlagsFiles;
import dev.ficus.gateway.testing.Routes;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShadowComparisonIT {

  static final WireMockServer legacy = server();
  static final WireMockServer fresh = server();
  static final Path flagsFile =
      FlagsFiles.write(FlagsFiles.temporaryDirectory().resolve("flags.json"), Map.of("half", 50));
  static final String TOKEN = "s3cret-admin-token";
  static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  Client client;

  static WireMockServer server() {
    return Backends.templated(40);
  }

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    registry.add("ficus.flags.file", flagsFile::toString);
    registry.add("ficus.admin.token", () -> TOKEN);
    registry.add("ficus.verdict.min-comparisons", () -> "20");
    // Latency judgement is timing, which tests never assert; RouteStatisticsTest covers it with
    // fixed figures.
    registry.add("ficus.verdict.max-latency-effect", () -> "1");
    // 100 clean comparisons bound the mismatch rate at 3.70% (95%): ready under a 4% threshold.
    registry.add("ficus.verdict.max-mismatch-rate", () -> "0.04");
    String[][] routes = {
      {"vehicles", "/vehicles/**", "shadow"},
      {"trips", "/trips/**", "canary"},
      {"reads-only", "/bookings/**", "shadow"},
      {"payments", "/payments/**", "shadow"},
      {"slow", "/slow/**", "shadow"},
      {"reset", "/reset/**", "shadow"},
      {"busy", "/busy/**", "shadow"},
      {"big", "/big/**", "shadow"},
      {"nobody", "/nobody/**", "shadow"},
      {"fleet", "/fleet/**", "shadow"},
      {"events", "/events/**", "shadow"},
      {"broken-legacy", "/broken-legacy/**", "shadow"},
      {"quick", "/quick/**", "shadow"},
      {"hostile", "/hostile/**", "shadow"},
      {"soap", "/quotes/**", "shadow"},
    };
    for (int i = 0; i < routes.length; i++) {
      Routes.route(registry, i, routes[i][0], routes[i][1], routes[i][2], Backends.uri(fresh));
    }
    registry.add("ficus.routes[0].compare.noise-detection", () -> "true");
    registry.add("ficus.routes[0].compare.noise-sample-rate", () -> "0.5");
    registry.add("ficus.routes[1].flag", () -> "half");
    registry.add("ficus.routes[1].shadow.enabled", () -> "true");
    registry.add("ficus.routes[3].shadow.writes", () -> "true");
    registry.add("ficus.routes[4].timeout.response", () -> "400ms");
    registry.add("ficus.routes[6].shadow.max-in-flight", () -> "1");
    registry.add("ficus.routes[7].compare.max-body-bytes", () -> "1KB");
    registry.add("ficus.routes[8].shadow.sample-rate", () -> "0");
    registry.add("ficus.routes[14].compare.noise-detection", () -> "true");
    registry.add("ficus.routes[14].compare.noise-sample-rate", () -> "1");
  }

  /**
   * Hostile answers (nested 20,000 deep, over the size limit, broken UTF-8) are accounted for,
   * every one: compared, or skipped with a reason.
   */
  @Test
  @org.junit.jupiter.api.extension.ExtendWith(
      org.springframework.boot.test.system.OutputCaptureExtension.class)
  void accountsForEveryHostileAnswer(org.springframework.boot.test.system.CapturedOutput output) {
    byte[] deep =
        ("{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // Over the comparison limit (1 MB); bigger ones stream the same way, but WireMock keeps every
    // answer in memory, in a test JVM of 256 MB.
    byte[] huge = new byte[3 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    huge[0] = '[';
    huge[huge.length - 1] = ']';
    byte[] brokenUtf8 = {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    Map<String, byte[]> answers =
        Map.of(
            "/hostile/deep", deep,
            "/hostile/huge", huge,
            "/hostile/utf8", brokenUtf8,
            "/hostile/plain", "{\"ok\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (WireMockServer side : List.of(legacy, fresh)) {
      answers.forEach(
          (path, body) ->
              side.stubFor(
                  get(urlPathMatching(path))
                      .atPriority(1)
                      .willReturn(
                          aResponse()
                              .withHeader("Content-Type", "application/json")
                              .withBody(body))));
    }
    answers.forEach(
        (path, body) -> {
          HttpResponse<byte[]> response =
              client.send(
                  client.request(path).GET().build(),
                  java.net.http.HttpResponse.BodyHandlers.ofByteArray());
          assertThat(response.statusCode()).as(path).isEqualTo(200);
          assertThat(response.body()).as(path).isEqualTo(body);
        });
    JsonNode report =
        awaitReport(
            "hostile",
            r ->
                count(r, "comparisons", "match")
                        + count(r, "comparisons", "mismatch")
                        + count(r, "skipped", "too_deep")
                        + count(r, "skipped", "body_too_large")
                    == 4);
    assertThat(count(report, "skipped", "too_deep")).isEqualTo(1);
    assertThat(count(report, "skipped", "body_too_large")).isEqualTo(1);
    assertThat(count(report, "comparisons", "match")).isEqualTo(2);
    // Said once, in one line, without a stack trace.
    assertThat(output.getOut())
        .containsOnlyOnce("an answer could not be compared value by value (too_deep")
        .doesNotContain("StackOverflowError")
        .doesNotContain("\tat dev.ficus");
  }

  /**
   * A client that reads the whole answer and drops the connection at once (as curl does) gets its
   * request compared: the answer was complete before it left.
   */
  @Test
  void comparesTheAnswersOfClientsThatLeaveRightAfterTheLastByte() throws Exception {
    for (WireMockServer side : List.of(legacy, fresh)) {
      side.stubFor(
          get(urlPathMatching("/quick/.*"))
              .atPriority(1)
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withHeader("Content-Length", "11")
                      .withBody("{\"ok\":true}")));
    }
    int requests = 1600;
    Client.inParallel(
        requests,
        i -> {
          quickClient(i);
          return i;
        });
    JsonNode report =
        awaitReport(
            "quick",
            node ->
                node.get("comparisons").get("match").asLong()
                        + node.get("comparisons").get("skipped").asLong()
                    >= requests);
    assertThat(report.get("skipped").has("primary_failed")).as(report.toString()).isFalse();
    assertThat(report.get("comparisons").get("match").asLong()).isEqualTo(requests);
  }

  private void quickClient(int i) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket
          .getOutputStream()
          .write(
              ("GET /quick/" + i + " HTTP/1.1\r\nHost: ficus\r\nX-User-Id: quick-" + i + "\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      readWholeAnswer(socket.getInputStream());
      // Reset, not a graceful close: the client is gone the moment it has the last byte.
      socket.setSoLinger(true, 0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Reads an answer to its last byte, sized or chunked. */
  private static void readWholeAnswer(java.io.InputStream in) throws java.io.IOException {
    String head = line(in, "\r\n\r\n");
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    if (length.find()) {
      int size = Integer.parseInt(length.group(1));
      assertThat(in.readNBytes(size)).hasSize(size);
      return;
    }
    assertThat(head).containsIgnoringCase("transfer-encoding: chunked");
    for (int size = -1; size != 0; ) {
      size = Integer.parseInt(line(in, "\r\n").trim(), 16);
      assertThat(in.readNBytes(size + 2)).hasSize(size + 2);
    }
  }

  private static String line(java.io.InputStream in, String end) throws java.io.IOException {
    StringBuilder read = new StringBuilder();
    while (!read.toString().endsWith(end)) {
      int b = in.read();
      assertThat(b).as("answer so far: " + read).isNotNegative();
      read.append((char) b);
    }
    return read.toString();
  }

  @AfterAll
  static void stopBackends() {
    for (WireMockServer side : List.of(legacy, fresh)) {
      side.resetAll(); // the journal keeps every answer, megabytes here, for the JVM's life
      side.stop();
    }
  }

  @BeforeEach
  void connect() {
    client = new Client(port);
  }

  private JsonNode report(String route) {
    HttpResponse<String> response = client.get("/ficus/routes", "Authorization", "Bearer " + TOKEN);
    assertThat(response.statusCode()).isEqualTo(200);
    for (JsonNode node : JSON.readTree(response.body()).get("routes")) {
      if (node.get("id").asString().equals(route)) {
        return node;
      }
    }
    throw new AssertionError("no route " + route + " in " + response.body());
  }

  private JsonNode awaitReport(String route, Predicate<JsonNode> condition) {
    List<JsonNode> last = new ArrayList<>(1);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              JsonNode node = report(route);
              last.clear();
              last.add(node);
              return condition.test(node);
            });
    return last.get(0);
  }

  private static long count(JsonNode report, String group, String key) {
    return report.path(group).path(key).asLong(0);
  }

  @Test
  void findsTheRealDifferenceAndLearnsTheNoiseOfLegacy() {
    legacy.stubFor(
        get(urlPathMatching("/vehicles/.*"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"{{request.pathSegments.[1]}}\",\"vin\":\"VIN-{{request.pathSegments.[1]}}\","
                            + "\"request_ref\":\"{{randomValue length=12 type='ALPHANUMERIC'}}\","
                            + "\"served_at\":{{now format='epoch'}},\"legacy_code\":\"L7\"}")));
    fresh.stubFor(
        get(urlPathMatching("/vehicles/.*"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"{{request.pathSegments.[1]}}\",\"vin\":\"VIN-{{request.pathSegments.[1]}}\","
                            + "\"request_ref\":\"{{randomValue length=12 type='ALPHANUMERIC'}}\","
                            + "\"served_at\":{{now format='epoch'}} }")));
    for (int i = 0; i < 60; i++) {
      HttpResponse<String> response = client.get("/vehicles/" + i, "X-User-Id", "u" + i);
      assertThat(response.body()).contains("\"legacy_code\":\"L7\"");
    }
    JsonNode report =
        awaitReport("vehicles", r -> r.path("comparisons").path("mismatch").asLong() == 60);
    assertThat(report.get("topDifferences")).hasSize(1);
    JsonNode top = report.get("topDifferences").get(0);
    assertThat(top.get("path").asString()).isEqualTo("/legacy_code");
    assertThat(top.get("kind").asString()).isEqualTo("missing_on_new");
    assertThat(top.get("count").asLong()).isEqualTo(60);
    assertThat(top.path("example").path("target").asString()).startsWith("/vehicles/");
    List<String> noise = new ArrayList<>();
    report.get("noise").forEach(n -> noise.add(n.get("path").asString()));
    assertThat(noise).contains("/request_ref", "/served_at");
    assertThat(report.get("noisePairs").asLong()).isPositive();
    assertThat(report.get("verdict").get("status").asString()).isEqualTo("NOT_READY");
    assertThat(report.get("verdict").get("reasons").get(0).asString())
        .startsWith("mismatch rate over 4.00%: ");
    assertThat(count(report, "decisions", "legacy")).isEqualTo(60);
    assertThat(fresh.findAll(anyRequestedFor(urlPathMatching("/vehicles/.*"))))
        .allSatisfy(request -> assertThat(request.getHeader("X-Ficus-Shadow")).isEqualTo("true"));
  }

  /**
   * SOAP answers with a timestamp and a request id that differ on every call of legacy: learned as
   * noise element by element, so the new side's other prefixes, attribute order and indentation are
   * no difference and its real change of the fare is seen, named by its element path.
   */
  @Test
  void comparesSoapAnswersByStructureAndSeesTheRealChangeThroughTheNoise() {
    legacy.stubFor(
        get(urlPathMatching("/quotes/.*"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/xml; charset=utf-8")
                    .withBody(
                        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
                            + " xmlns:t=\"urn:fleet:trips\"><soap:Header><t:sent>{{now}}</t:sent>"
                            + "<t:request>{{randomValue length=12 type='ALPHANUMERIC'}}</t:request>"
                            + "</soap:Header><soap:Body><t:GetTripResponse>"
                            + "<t:trip id=\"{{request.pathSegments.[1]}}\" currency=\"EUR\">"
                            + "<t:fare>12.50</t:fare></t:trip></t:GetTripResponse></soap:Body>"
                            + "</soap:Envelope>")));
    String answer =
        """
        <S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/">
          <S:Header>
            <sent xmlns="urn:fleet:trips">{{now}}</sent>
            <request xmlns="urn:fleet:trips">{{randomValue length=12 type='ALPHANUMERIC'}}</request>
          </S:Header>
          <S:Body>
            <GetTripResponse xmlns="urn:fleet:trips">
              <trip currency="EUR" id="{{request.pathSegments.[1]}}"><fare>%s</fare></trip>
            </GetTripResponse>
          </S:Body>
        </S:Envelope>""";
    fresh.stubFor(
        get(urlPathMatching("/quotes/.*"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/xml")
                    .withBody(answer.formatted("12.50"))));
    fresh.stubFor(
        get(urlPathMatching("/quotes/.*-changed"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/xml")
                    .withBody(answer.formatted("13.50"))));
    for (int i = 0; i < 120; i++) {
      HttpResponse<String> response =
          client.get("/quotes/" + i + (i % 4 == 0 ? "-changed" : ""), "X-User-Id", "u" + i);
      assertThat(response.body()).contains("<t:fare>12.50</t:fare>");
    }
    JsonNode report =
        awaitReport(
            "soap",
            r ->
                r.path("comparisons").path("match").asLong()
                        + r.path("comparisons").path("mismatch").asLong()
                    == 120);
    assertThat(report.path("comparisons").path("mismatch").asLong()).isEqualTo(30);
    assertThat(report.get("topDifferences")).hasSize(1);
    JsonNode top = report.get("topDifferences").get(0);
    assertThat(top.get("path").asString()).isEqualTo("/Envelope/Body/GetTripResponse/trip/fare");
    assertThat(top.get("kind").asString()).isEqualTo("value_changed");
    assertThat(top.get("count").asLong()).isEqualTo(30);
    List<String> noise = new ArrayList<>();
    report.get("noise").forEach(n -> noise.add(n.get("path").asString()));
    assertThat(noise).contains("/Envelope/Header/request").doesNotContain("");
  }

  @Test
  void comparesUsersOnTheNewSideAgainstLegacyInCanaryMode() {
    legacy.stubFor(
        any(urlPathMatching("/trips/.*"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"trip\":\"{{request.pathSegments.[1]}}\"}")));
    fresh.stubFor(
        any(urlPathMatching("/trips/.*"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"trip\":\"{{request.pathSegments.[1]}}\"}")));
    for (int i = 0; i < 100; i++) {
      // A client cannot pass off a real request as a shadow copy: X-Ficus-* are Ficus's to set.
      assertThat(
              client
                  .get(
                      "/trips/" + i,
                      "X-User-Id",
                      "rider-" + i,
                      "X-Ficus-Shadow",
                      "true",
                      "X-Ficus-Served-By",
                      "spoofed")
                  .body())
          .isEqualTo("{\"trip\":\"" + i + "\"}");
    }
    JsonNode report =
        awaitReport("trips", r -> r.path("comparisons").path("match").asLong() == 100);
    for (WireMockServer side : new WireMockServer[] {legacy, fresh}) {
      List<LoggedRequest> received = side.findAll(anyRequestedFor(urlPathMatching("/trips/.*")));
      long shadowCopies =
          received.stream().filter(r -> "true".equals(r.getHeader("X-Ficus-Shadow"))).count();
      assertThat(shadowCopies)
          .as("shadow copies %s received: those of the users the other side served", side)
          .isEqualTo(count(report, "decisions", side == legacy ? "new" : "legacy"));
      assertThat(received).allSatisfy(r -> assertThat(r.getHeader("X-Ficus-Served-By")).isNull());
    }
    assertThat(count(report, "decisions", "new")).isBetween(30L, 70L);
    assertThat(count(report, "decisions", "legacy") + count(report, "decisions", "new"))
        .isEqualTo(100);
    assertThat(report.path("latency").path("new").path("count").asLong())
        .as("every user called new, as primary or shadow")
        .isEqualTo(100);
    assertThat(report.path("latency").path("legacy").path("count").asLong()).isEqualTo(100);
    assertThat(report.get("verdict").get("status").asString()).isEqualTo("READY");
  }

  @Test
  void neverSendsAWriteTwiceUnlessTheRouteSaysSo() {
    legacy.stubFor(
        any(urlPathMatching("/bookings/.*|/payments/.*"))
            .willReturn(aResponse().withStatus(201).withBody("ok")));
    fresh.stubFor(
        any(urlPathMatching("/bookings/.*|/payments/.*"))
            .willReturn(aResponse().withStatus(201).withBody("ok")));
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response =
          client.send(
              client
                  .request("/bookings/" + i)
                  .POST(BodyPublishers.ofString("{\"seat\":" + i + "}"))
                  .build());
      assertThat(response.statusCode()).isEqualTo(201);
    }
    assertThat(legacy.findAll(postRequestedFor(urlPathMatching("/bookings/.*")))).hasSize(5);
    assertThat(fresh.findAll(postRequestedFor(urlPathMatching("/bookings/.*")))).isEmpty();
    assertThat(count(report("reads-only"), "skipped", "write_not_shadowed")).isEqualTo(5);

    client.send(
        client.request("/payments/1").POST(BodyPublishers.ofString("{\"amount\":5}")).build());
    JsonNode payments =
        awaitReport("payments", r -> r.path("comparisons").path("match").asLong() == 1);
    assertThat(payments.path("comparisons").path("match").asLong()).isEqualTo(1);
    var shadowed = fresh.findAll(postRequestedFor(urlPathMatching("/payments/.*")));
    assertThat(shadowed).hasSize(1);
    assertThat(shadowed.get(0).getBodyAsString()).isEqualTo("{\"amount\":5}");
    assertThat(shadowed.get(0).getHeader("X-Ficus-Shadow")).isEqualTo("true");
  }

  @Test
  void aSlowOrBrokenShadowSideLeavesThePrimaryAnswerUntouched() {
    legacy.stubFor(
        any(urlPathMatching("/slow/.*|/reset/.*"))
            .willReturn(
                aResponse()
                    .withStatus(203)
                    .withHeader("X-Legacy", "yes")
                    .withBody("legacy answer")));
    fresh.stubFor(
        any(urlPathMatching("/slow/.*"))
            .willReturn(aResponse().withFixedDelay(2_000).withBody("late")));
    fresh.stubFor(
        any(urlPathMatching("/reset/.*"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    for (int i = 0; i < 5; i++) {
      for (String path : List.of("/slow/", "/reset/")) {
        HttpResponse<String> response = client.get(path + i, "X-User-Id", "u" + i);
        assertThat(response.statusCode()).isEqualTo(203);
        assertThat(response.body()).isEqualTo("legacy answer");
        assertThat(response.headers().firstValue("X-Legacy")).hasValue("yes");
      }
    }
    JsonNode slow = awaitReport("slow", r -> count(r, "skipped", "shadow_timeout") == 5);
    assertThat(slow.path("errors").path("new").path("errors").asLong()).isEqualTo(5);
    JsonNode reset = awaitReport("reset", r -> count(r, "skipped", "shadow_failed") == 5);
    assertThat(reset.path("errors").path("legacy").path("errors").asLong()).isZero();
  }

  @Test
  void dropsAndCountsShadowsBeyondMaxInFlight() {
    legacy.stubFor(any(urlPathMatching("/busy/.*")).willReturn(aResponse().withBody("legacy")));
    fresh.stubFor(
        any(urlPathMatching("/busy/.*"))
            .willReturn(aResponse().withFixedDelay(1_000).withBody("legacy")));
    List<Integer> statuses =
        Client.inParallel(16, i -> client.get("/busy/" + i, "X-User-Id", "u" + i).statusCode());
    assertThat(statuses).containsOnly(200);
    JsonNode busy =
        awaitReport(
            "busy",
            r ->
                count(r, "skipped", "saturated") + r.path("comparisons").path("match").asLong()
                    == 16);
    assertThat(count(busy, "skipped", "saturated")).isPositive();
    String metrics = client.get("/ficus/actuator/prometheus").body();
    assertThat(metrics).containsPattern("ficus_shadow_dropped_total\\{route=\"busy\"\\} [1-9]");
  }

  @Test
  void skipsBodiesOverTheLimitAndUsersOutsideTheSample() {
    legacy.stubFor(
        any(urlPathMatching("/big/.*|/nobody/.*"))
            .willReturn(aResponse().withBody("x".repeat(4096))));
    fresh.stubFor(
        any(urlPathMatching("/big/.*|/nobody/.*"))
            .willReturn(aResponse().withBody("y".repeat(4096))));
    assertThat(client.get("/big/1", "X-User-Id", "u1").body()).hasSize(4096);
    assertThat(client.get("/nobody/1", "X-User-Id", "u1").body()).hasSize(4096);
    awaitReport("big", r -> count(r, "skipped", "body_too_large") == 1);
    assertThat(count(report("nobody"), "skipped", "sampled_out")).isEqualTo(1);
    assertThat(fresh.findAll(anyRequestedFor(urlPathMatching("/nobody/.*")))).isEmpty();
  }

  @Test
  void listsRecentMismatchesWithBothBodiesAndTheTraceId() {
    legacy.stubFor(
        get(urlPathMatching("/fleet/.*"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":1,\"legacy_code\":\"L7\"}")));
    fresh.stubFor(
        get(urlPathMatching("/fleet/.*"))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody("{\"id\":1}")));
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    client.get("/fleet/traced", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<String> response =
                  client.get(
                      "/ficus/routes/fleet/mismatches?limit=5", "Authorization", "Bearer " + TOKEN);
              JsonNode mismatches = JSON.readTree(response.body()).get("mismatches");
              assertThat(mismatches).as(report("fleet").toString()).isNotEmpty();
              JsonNode latest = mismatches.get(0);
              assertThat(latest.get("traceId").asString()).isEqualTo(traceId);
              assertThat(latest.get("target").asString()).isEqualTo("/fleet/traced");
              assertThat(latest.get("legacyBody").asString())
                  .isEqualTo("{\"id\":1,\"legacy_code\":\"L7\"}");
              assertThat(latest.get("newBody").asString()).isEqualTo("{\"id\":1}");
              assertThat(latest.get("differences").get(0).get("kind").asString())
                  .isEqualTo("missing_on_new");
              assertThat(latest.get("differences").get(0).get("path").asString())
                  .isEqualTo("/legacy_code");
              assertThat(latest.get("differences").get(0).get("legacy").asString())
                  .isEqualTo("\"L7\"");
            });
  }

  @Test
  void guardsTheAdminApiWithTheToken() {
    HttpResponse<String> none = client.get("/ficus/routes");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ficus\"");
    assertThat(none.body()).contains("urn:ficus:problem:unauthorized");
    assertThat(client.get("/ficus/routes", "Authorization", "Bearer wrong").statusCode())
        .isEqualTo(401);
    assertThat(
            client
                .get("/ficus/routes/vehicles/mismatches", "Authorization", "Bearer nope")
                .statusCode())
        .isEqualTo(401);
    assertThat(
            client
                .get("/ficus/routes/ghost/mismatches", "Authorization", "Bearer " + TOKEN)
                .statusCode())
        .isEqualTo(404);
    HttpResponse<String> badLimit =
        client.get(
            "/ficus/routes/vehicles/mismatches?limit=zero", "Authorization", "Bearer " + TOKEN);
    assertThat(badLimit.statusCode()).isEqualTo(400);
    assertThat(badLimit.body()).contains("limit 'zero' must be a whole number from 1 to 100");
    JsonNode vehicles = report("vehicles");
    assertThat(vehicles.get("mode").asString()).isEqualTo("shadow");
    assertThat(vehicles.has("latency")).isTrue();
    assertThat(vehicles.has("errors")).isTrue();
    assertThat(vehicles.has("verdict")).isTrue();
  }

  @Test
  void skipsStreamsAndRequestsWhosePrimaryCallFailed() {
    legacy.stubFor(
        any(urlPathMatching("/events/.*"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody("data: 1\n\n")));
    legacy.stubFor(
        any(urlPathMatching("/broken-legacy/.*"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThat(client.get("/events/live", "X-User-Id", "u1").body()).isEqualTo("data: 1\n\n");
    HttpResponse<String> failed = client.get("/broken-legacy/1", "X-User-Id", "u1");
    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(failed.body()).contains("\"side\":\"legacy\"");
    awaitReport("events", r -> count(r, "skipped", "not_comparable") == 1);
    awaitReport("broken-legacy", r -> count(r, "skipped", "primary_failed") == 1);
    assertThat(fresh.findAll(anyRequestedFor(urlPathMatching("/events/.*|/broken-legacy/.*"))))
        .as("nothing to compare against, so the new side is not called")
        .isEmpty();
  }
}
