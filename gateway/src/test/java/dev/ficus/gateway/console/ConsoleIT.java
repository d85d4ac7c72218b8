package dev.ficus.gateway.console;

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
import dev.ficus.testing.Browser;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cutover console in a real browser (headless Chromium) against a running gateway with real
 * traffic: signing in, the routes and their verdicts, a difference with both bodies, steering a
 * route from the page, and a gateway restart under the open page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

  static final String TOKEN = "console-s3cret-token";
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Path SHOTS = Path.of("target", "console");

  /** Records every Content-Security-Policy violation the page causes, from its first script. */
  static final String WATCH_POLICY =
      "window.__violations = [];"
          + "document.addEventListener('securitypolicyviolation', e =>"
          + " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));";

  WireMockServer legacy;
  WireMockServer fresh;
  Replica gateway;
  Browser browser;
  ChromeDriver page;
  String consoleUrl;

  @BeforeAll
  void start() throws Exception {
    legacy = Backends.named("legacy");
    fresh = Backends.named("new");
    for (WireMockServer side : List.of(legacy, fresh)) {
      // trips: the new side rounds fares differently on trips with an even number
      side.stubFor(
          get(urlPathMatching("/trips/[0-9]*[02468]"))
              .atPriority(1)
              .willReturn(
                  json(
                      "{\"id\":\"even\",\"fare\":{\"amount\":"
                          + (side == fresh ? "12.52" : "12.53")
                          + ",\"currency\":\"EUR\"},\"driver\":\"Ana\"}")));
      // quotes: SOAP answers written differently by each side, the new side's fare dearer
      side.stubFor(
          get(urlPathMatching("/quotes/.*"))
              .atPriority(1)
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "text/xml; charset=utf-8")
                      .withBody(
                          side == fresh
                              ? "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                                  + "<S:Body><QuoteResponse xmlns=\"urn:fares\"><quote currency=\"EUR\""
                                  + " zone=\"2\"><fare>13.50</fare><seat>any</seat></quote>"
                                  + "</QuoteResponse></S:Body></S:Envelope>"
                              : "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
                                  + "  <soap:Body>\n    <f:QuoteResponse xmlns:f=\"urn:fares\">\n"
                                  + "      <f:quote zone=\"2\" currency=\"EUR\">\n"
                                  + "        <f:fare>12.50</f:fare>\n        <f:seat>any</f:seat>\n"
                                  + "      </f:quote>\n    </f:QuoteResponse>\n  </soap:Body>\n"
                                  + "</soap:Envelope>")));
      side.stubFor(
          get(urlPathMatching("/trips/[0-9]*[13579]"))
              .atPriority(1)
              .willReturn(json("{\"id\":\"odd\",\"fare\":{\"amount\":8.1,\"currency\":\"EUR\"}}")));
    }
    // bookings (stage dual-write): each side answers a booking with its own id; the new side stores
    // the seat wrong, which only reading the booking back shows
    legacy.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post(urlPathMatching("/bookings"))
            .atPriority(1)
            .willReturn(json("{\"id\":\"L-0017\",\"seat\":\"12A\"}").withStatus(201)));
    legacy.stubFor(
        get(urlPathMatching("/bookings/L-0017"))
            .atPriority(1)
            .willReturn(json("{\"id\":\"L-0017\",\"seat\":\"12A\"}")));
    fresh.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post(urlPathMatching("/bookings"))
            .atPriority(1)
            .willReturn(json("{\"id\":\"N-0017\",\"seat\":\"12A\"}").withStatus(201)));
    fresh.stubFor(
        get(urlPathMatching("/bookings/N-0017"))
            .atPriority(1)
            .willReturn(json("{\"id\":\"N-0017\",\"seat\":null}")));
    // invoices: a SOAP endpoint with a read operation and a write one, told apart by SOAPAction;
    // the new side's invoices fall due earlier
    for (WireMockServer side : List.of(legacy, fresh)) {
      side.stubFor(
          com.github.tomakehurst.wiremock.client.WireMock.post(urlPathMatching("/invoices/soap"))
              .atPriority(1)
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "text/xml; charset=utf-8")
                      .withBody(
                          "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                              + "<soap:Body><GetInvoiceResponse><due>"
                              + (side == fresh ? "2026-10-14" : "2026-10-30")
                              + "</due></GetInvoiceResponse></soap:Body></soap:Envelope>")));
    }
    // fares: a list answer in which the new side prices every item a cent higher
    StringBuilder items = new StringBuilder();
    StringBuilder dearer = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      String item = "{\"zone\":" + i + ",\"price\":";
      items.append(i == 0 ? "" : ",").append(item).append(1 + i).append(".10}");
      dearer.append(i == 0 ? "" : ",").append(item).append(1 + i).append(".11}");
    }
    legacy.stubFor(
        get(urlPathMatching("/fares.*"))
            .atPriority(1)
            .willReturn(json("{\"items\":[" + items + "]}")));
    fresh.stubFor(
        get(urlPathMatching("/fares.*"))
            .atPriority(1)
            .willReturn(json("{\"items\":[" + dearer + "]}")));
    Path dir = FlagsFiles.temporaryDirectory();
    Path flags = dir.resolve("flags.json");
    Files.writeString(
        flags,
        """
        {"version": 2, "features": [
          {"name": "new-trip-service", "enabled": true, "strategies": [
            {"name": "flexibleRollout",
             "parameters": {"rollout": "0", "stickiness": "userId", "groupId": "new-trip-service"},
             "variants": [{"name": "shadow"}]}]},
          {"name": "new-fare-service", "enabled": true, "strategies": [
            {"name": "flexibleRollout",
             "parameters": {"rollout": "50", "stickiness": "userId", "groupId": "new-fare-service"},
             "variants": [{"name": "canary"}]}]}]}
        """);
    gateway =
        Replica.start(
            "console",
            Map.ofEntries(
                Map.entry("ficus.legacy.uri", Backends.uri(legacy)),
                Map.entry("ficus.admin.token", TOKEN),
                Map.entry("ficus.flags.file", flags.toString()),
                Map.entry("ficus.verdict.min-comparisons", "20"),
                Map.entry("ficus.evidence.dir", dir.resolve("evidence").toString()),
                Map.entry("ficus.evidence.flush-interval", "500ms"),
                Map.entry("ficus.evidence.replica", "console-1"),
                Map.entry(
                    "ficus.console.trace-url", "http://127.0.0.1:9411/zipkin/traces/{traceId}"),
                Map.entry("ficus.routes[0].id", "trips"),
                Map.entry("ficus.routes[0].paths[0]", "/trips/**"),
                Map.entry("ficus.routes[0].mode", "shadow"),
                Map.entry("ficus.routes[0].flag", "new-trip-service"),
                Map.entry("ficus.routes[0].new-uri", Backends.uri(fresh)),
                Map.entry("ficus.routes[1].id", "vehicles"),
                Map.entry("ficus.routes[1].paths[0]", "/vehicles/**"),
                Map.entry("ficus.routes[1].mode", "legacy"),
                // fares: a canary compared both ways, which its guardrail rolls back
                Map.entry("ficus.routes[2].id", "fares"),
                Map.entry("ficus.routes[2].paths[0]", "/fares/**"),
                Map.entry("ficus.routes[2].mode", "canary"),
                Map.entry("ficus.routes[2].flag", "new-fare-service"),
                Map.entry("ficus.routes[2].new-uri", Backends.uri(fresh)),
                Map.entry("ficus.routes[2].shadow.enabled", "true"),
                Map.entry("ficus.routes[2].guardrails.min-requests", "10"),
                Map.entry("ficus.routes[3].id", "quotes"),
                Map.entry("ficus.routes[3].paths[0]", "/quotes/**"),
                Map.entry("ficus.routes[3].mode", "shadow"),
                Map.entry("ficus.routes[3].new-uri", Backends.uri(fresh)),
                Map.entry("ficus.routes[4].id", "bookings"),
                Map.entry("ficus.routes[4].paths[0]", "/bookings/**"),
                Map.entry("ficus.routes[4].mode", "dual-write"),
                Map.entry("ficus.routes[4].new-uri", Backends.uri(fresh)),
                Map.entry("ficus.routes[4].dual-write.id", "/id"),
                Map.entry("ficus.routes[4].dual-write.read-back", "/bookings/{id}"),
                Map.entry("ficus.routes[4].dual-write.delay", "200ms"),
                Map.entry("ficus.routes[4].dual-write.attempts", "1"),
                Map.entry("ficus.routes[5].id", "invoices"),
                Map.entry("ficus.routes[5].paths[0]", "/invoices/**"),
                Map.entry("ficus.routes[5].mode", "shadow"),
                Map.entry("ficus.routes[5].new-uri", Backends.uri(fresh)),
                Map.entry("ficus.routes[5].shadow.reads.soap-operations[0]", "GetInvoice")));
    Client client = gateway.client();
    for (int i = 0; i < 60; i++) {
      assertThat(client.get("/trips/" + i, "X-User-Id", "user-" + i).statusCode()).isEqualTo(200);
    }
    assertThat(client.get("/vehicles/1", "X-User-Id", "user-1").statusCode()).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      assertThat(client.get("/quotes/" + i, "X-User-Id", "user-" + i).statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 40; i++) {
      assertThat(
              client
                  .get(
                      "/fares/search?from=central-station&to=airport-terminal-2&passengers=" + i,
                      "X-User-Id",
                      "rider-" + i)
                  .statusCode())
          .isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(
              client
                  .send(
                      client
                          .request("/bookings")
                          .header("X-User-Id", "booker-" + i)
                          .header("Content-Type", "application/json")
                          .POST(
                              java.net.http.HttpRequest.BodyPublishers.ofString(
                                  "{\"seat\":\"12A\"}"))
                          .build())
                  .statusCode())
          .isEqualTo(201);
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> admin("/ficus/routes/trips").get("comparisons").get("mismatch").asLong() == 30);
    List<String> calls = new java.util.ArrayList<>(java.util.Collections.nCopies(22, "GetInvoice"));
    calls.add("SettleInvoice");
    for (String operation : calls) {
      assertThat(
              client
                  .send(
                      client
                          .request("/invoices/soap")
                          .header("X-User-Id", "accounting")
                          .header("Content-Type", "text/xml; charset=utf-8")
                          .header("SOAPAction", "\"" + operation + "\"")
                          .POST(
                              java.net.http.HttpRequest.BodyPublishers.ofString(
                                  "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                                      + "<soap:Body><"
                                      + operation
                                      + "><no>I-1</no></"
                                      + operation
                                      + "></soap:Body></soap:Envelope>"))
                          .build())
                  .statusCode())
          .isEqualTo(200);
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> admin("/ficus/routes/bookings").get("dualWrite").get("diverged").asLong() == 3);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                admin("/ficus/routes/invoices").get("comparisons").get("mismatch").asLong() == 22);
    consoleUrl = "http://127.0.0.1:" + gateway.port() + "/ficus/console";
    browser = Browser.start(1280, 800);
    page = browser.driver();
    page.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH_POLICY));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    legacy.stop();
    fresh.stop();
  }

  @Test
  @Order(1)
  void theConsoleIsServedFromTheGatewayWithAStrictPolicyAndIsOffWithoutAToken() {
    HttpResponse<String> html = gateway.client().get("/ficus/console");
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(html.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            policy ->
                assertThat(policy)
                    .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'"));
    assertThat(html.body()).contains("type=\"password\"").doesNotContain("http://", "https://");
    assertThat(
            legacy.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    urlPathMatching("/ficus/.*"))))
        .as("the console is the gateway's own, never proxied")
        .isEmpty();

    try (Replica tokenless =
        Replica.start(
            "no-token",
            Map.of("ficus.legacy.uri", Backends.uri(legacy), "ficus.evidence.enabled", "false"))) {
      HttpResponse<String> off = tokenless.client().get("/ficus/console");
      assertThat(off.statusCode()).isEqualTo(404);
      assertThat(off.body()).contains("set ficus.admin.token");
      assertThat(tokenless.client().get("/ficus/console/console.js").statusCode()).isEqualTo(404);
    }
  }

  @Test
  @Order(2)
  void aWrongTokenIsRefusedInWordsAndKeptNowhere() {
    page.get(consoleUrl);
    signIn("not-the-token");
    waitFor(() -> !text(By.id("signin-error")).isEmpty());
    assertThat(text(By.id("signin-error"))).contains("refused the token");
    assertThat(page.findElement(By.id("routes")).isDisplayed()).isFalse();
    assertThat(page.findElement(By.id("signout")).isDisplayed())
        .as("nothing to sign out of")
        .isFalse();
    assertThat(page.findElement(By.id("window")).isDisplayed()).isFalse();
    assertThat(script("return sessionStorage.getItem('ficus.console.token')")).isNull();
    assertThat(page.getCurrentUrl()).doesNotContain("not-the-token");
  }

  @Test
  @Order(3)
  void theRightTokenShowsEveryRouteWithItsStageAndVerdictInWords() {
    signIn(TOKEN);
    WebElement trips = waitForRow("trips");
    waitFor(() -> cells("trips").get(5).getText().startsWith("Not ready"));
    List<WebElement> cells = cells("trips");
    assertThat(cells.get(1).getText()).isEqualTo("/trips/**");
    assertThat(cells.get(2).getText()).isEqualTo("shadow");
    assertThat(cells.get(3).getText()).isEqualTo("new-trip-service");
    assertThat(cells.get(4).getText()).isEqualTo("flag");
    assertThat(cells.get(5).getText())
        .contains("Not ready", "mismatch rate over 1.00%: 30 of 60 differing (lower bound");
    assertThat(cells.get(6).getText()).isEqualTo("50.00% of 60");
    assertThat(cells("vehicles").get(3).getText()).isEqualTo("—");
    assertThat(cells("vehicles").get(5).getText())
        .as("a legacy route is not compared, rather than short of data")
        .isEqualTo("Not compared in legacy: shadow the route to gather evidence");
    assertThat(page.findElement(By.id("signout")).isDisplayed()).isTrue();
    assertThat(page.findElement(By.id("window")).isDisplayed()).isTrue();
    assertThat(trips.isDisplayed()).isTrue();

    assertThat(script("return sessionStorage.getItem('ficus.console.token')")).isEqualTo(TOKEN);
    assertThat(script("return document.cookie")).isEqualTo("");
    assertThat(script("return localStorage.length")).isEqualTo(0L);
    assertThat(page.getCurrentUrl()).doesNotContain(TOKEN);
    assertThat(page.findElement(By.id("token")).getAttribute("value")).isEmpty();
    assertThat(text(By.id("status"))).startsWith("Updated");
    browser.screenshot(SHOTS.resolve("routes.png"));
  }

  @Test
  @Order(4)
  void aRouteOpensWithTheKeyboardAndShowsBothBodiesWithTheDifferenceMarked() {
    open("trips");
    waitFor(() -> page.findElements(By.cssSelector("#sides pre.body-new")).size() == 1);
    waitFor(() -> "detail-title".equals(page.switchTo().activeElement().getAttribute("id")));

    String legacyBody = text(By.cssSelector("#sides pre.body-legacy"));
    String newBody = text(By.cssSelector("#sides pre.body-new"));
    assertThat(legacyBody).contains("\"amount\": 12.53", "\"driver\": \"Ana\"");
    assertThat(newBody).contains("\"amount\": 12.52", "\"driver\": \"Ana\"");
    assertThat(texts(By.cssSelector("#sides pre.body-legacy mark"))).containsExactly("12.53");
    assertThat(texts(By.cssSelector("#sides pre.body-new mark"))).containsExactly("12.52");

    waitFor(() -> !page.findElements(By.cssSelector("#differences-table tbody tr")).isEmpty());
    // read in one go: the page redraws the table every refresh
    List<?> difference =
        (List<?>)
            script(
                "const cells = Array.from(document.querySelectorAll("
                    + "'#differences-table tbody tr:first-child td'));"
                    + " return cells.map(td => td.innerText)"
                    + ".concat([cells[4].querySelector('a').href]);");
    assertThat(difference.get(0)).isEqualTo("/fare/amount");
    assertThat(difference.get(1)).isEqualTo("value changed");
    assertThat(difference.get(2)).isEqualTo("30");
    assertThat((String) difference.get(5))
        .matches("http://127\\.0\\.0\\.1:9411/zipkin/traces/[0-9a-f]{32}");

    String figures = text(By.id("live-figures"));
    assertThat(figures).contains("Compared\n60", "Mismatched\n30 (50.00%)");
    waitFor(() -> text(By.id("fleet-figures")).contains("Mismatched\n30"));
    assertThat(text(By.id("fleet-figures"))).contains("From console-1 (60 requests");
    assertThat(text(By.id("protection"))).contains("Circuit breaker\nclosed");
    waitFor(
        () ->
            !page.findElements(By.cssSelector("#mismatch-chart path")).isEmpty()
                && page.findElements(By.cssSelector("#latency-chart path")).size() >= 2);
    assertThat(page.findElement(By.id("mismatch-chart")).getAttribute("aria-label"))
        .as("half the trips differ; a minute's share may be a request or two off")
        .containsPattern("latest mismatch rate % (4[0-9]|5[0-9]|60)\\.[0-9]{2} at ");
    browser.fullPageScreenshot(SHOTS.resolve("route-detail.png"));
  }

  @Test
  @Order(5)
  void aDualWriteRouteShowsItsReadBacksAndTheBookingThatReadBackDifferently() {
    open("bookings");
    waitFor(() -> !page.findElements(By.cssSelector("#dual-writes dd")).isEmpty());
    List<String> figures = texts(By.cssSelector("#dual-writes dd"));
    assertThat(text(By.cssSelector("#dual-writes h3"))).isEqualTo("Dual writes, this replica");
    assertThat(figures.get(0)).as("converged").isEqualTo("0");
    assertThat(figures.get(1)).as("diverged").startsWith("3 (100");
    assertThat(figures.get(2)).as("write failed").isEqualTo("0");
    assertThat(figures).contains("/bookings/{id} after 0.2s, 1 attempts; id /id");
    waitFor(() -> !page.findElements(By.cssSelector("#divergences li")).isEmpty());
    assertThat(texts(By.cssSelector("#divergences li")))
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertThat(line)
                    .startsWith(
                        "POST /bookings: /bookings/L-0017 (legacy) and /bookings/N-0017 (new): ")
                    .contains("/seat"));
  }

  @Test
  @Order(6)
  void aSoapEndpointShowsEachOperationWithItsOwnFiguresAndVerdict() {
    open("invoices");
    waitFor(() -> page.findElements(By.cssSelector("#operations-table tbody tr")).size() == 2);
    Map<String, List<String>> rows = new java.util.HashMap<>();
    for (WebElement row : page.findElements(By.cssSelector("#operations-table tbody tr"))) {
      List<String> cells =
          row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
      rows.put(cells.get(0), cells);
    }
    assertThat(rows.get("GetInvoice").subList(1, 3)).containsExactly("22", "22 (100.00%)");
    assertThat(rows.get("GetInvoice").get(4)).startsWith("Not ready");
    assertThat(rows.get("SettleInvoice").get(1)).as("the write is compared nowhere").isEqualTo("0");
    assertThat(rows.get("SettleInvoice").get(3)).contains("write not shadowed 1");
  }

  @Test
  @Order(7)
  void aSoapAnswerIsShownOneElementPerLineWithTheDifferingFareMarked() {
    open("quotes");
    waitFor(() -> text(By.cssSelector("#sides pre.body-new")).contains("<fare>"));
    String fresh = text(By.cssSelector("#sides pre.body-new"));
    assertThat(fresh)
        .isEqualTo(
            """
            <Envelope>
              <Body>
                <QuoteResponse>
                  <quote currency="EUR" zone="2">
                    <fare>13.50</fare>
                    <seat>any</seat>
                  </quote>
                </QuoteResponse>
              </Body>
            </Envelope>""");
    assertThat(texts(By.cssSelector("#sides pre.body-legacy mark")))
        .containsExactly("<fare>12.50</fare>");
    assertThat(texts(By.cssSelector("#sides pre.body-new mark")))
        .containsExactly("<fare>13.50</fare>");
    waitFor(() -> !page.findElements(By.cssSelector("#differences-table tbody tr")).isEmpty());
    assertThat(text(By.cssSelector("#differences-table tbody tr:first-child td")))
        .isEqualTo("/Envelope/Body/QuoteResponse/quote/fare");
    // the next tests work on trips
    open("trips");
  }

  @Test
  @Order(8)
  void changingTheShareAndRollingBackFromThePageChangeWhatTheAdminApiReports() {
    new Select(page.findElement(By.id("stage-select"))).selectByValue("canary");
    WebElement share = page.findElement(By.id("share-input"));
    share.clear();
    share.sendKeys("150");
    page.findElement(By.id("apply-stage")).click();
    waitForMessage("Not changed");
    assertThat(page.findElement(By.id("confirm")).isDisplayed())
        .as("refused before anything is confirmed")
        .isFalse();
    assertThat(text(By.id("control-message")))
        .contains("share '150' must be a whole number from 0 to 100");
    assertThat(admin("/ficus/routes/trips").get("stage").asString()).isEqualTo("shadow");

    share.clear();
    share.sendKeys("30");
    page.findElement(By.id("reason-input")).sendKeys("first users, from the console");
    page.findElement(By.id("apply-stage")).click();
    String said = confirm();
    assertThat(said).contains("30% of the users of trips", "every replica");
    waitForMessage("Done");
    JsonNode changed = admin("/ficus/routes/trips");
    assertThat(changed.get("stage").asString()).isEqualTo("canary");
    assertThat(changed.get("share").asInt()).isEqualTo(30);
    waitFor(() -> cells("trips").get(2).getText().equals("canary 30%"));

    page.findElement(By.id("rollback")).click();
    said = confirm();
    assertThat(said).contains("Every user of trips will be served by legacy on every replica");
    waitForMessage("Rolled back");
    JsonNode rolledBack = admin("/ficus/routes/trips");
    assertThat(rolledBack.get("stage").asString()).isEqualTo("legacy");
    assertThat(rolledBack.get("rollback").get("by").asString()).isNotBlank();
    waitFor(() -> cells("trips").get(2).getText().equals("legacy (rolled back)"));
    waitFor(() -> text(By.id("summary")).contains("Rolled back"));
    browser.screenshot(SHOTS.resolve("rolled-back.png"));

    page.findElement(By.id("recover")).click();
    said = confirm();
    assertThat(said).contains("goes back to canary 30");
    waitForMessage("The rollback has ended");
    JsonNode recovered = admin("/ficus/routes/trips");
    assertThat(recovered.get("stage").asString()).isEqualTo("canary");
    assertThat(recovered.get("share").asInt()).isEqualTo(30);
    assertThat(recovered.path("rollback").isNull() || recovered.path("rollback").isMissingNode())
        .isTrue();
  }

  @Test
  @Order(9)
  void aCanaryRolledBackByItsGuardrailKeepsItsVerdictOnceTheRollbackEnds() {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                "guardrail"
                    .equals(
                        admin("/ficus/routes/fares").path("rollback").path("reason").asString()));
    Client client = gateway.client();
    for (int i = 0; i < 5; i++) {
      // rolled back: served by legacy, still compared
      assertThat(client.get("/fares/search?after=" + i, "X-User-Id", "rider-" + i).statusCode())
          .isEqualTo(200);
    }
    waitForRow("fares").click();
    waitFor(() -> text(By.id("detail-title")).equals("Route fares"));
    waitFor(() -> text(By.id("summary")).contains("by a guardrail"));
    waitFor(() -> text(By.id("last-stage")).startsWith("canary 50% ("));

    // a list answer: the picker names every differing item, and keeps to the page
    waitFor(() -> !page.findElements(By.id("mismatch-select")).isEmpty());
    assertThat(
            new Select(page.findElement(By.id("mismatch-select")))
                .getFirstSelectedOption()
                .getText())
        .contains("/items/0/price", "/items/11/price")
        .hasSizeGreaterThan(200);
    for (int width : new int[] {1280, 390}) {
      browser.resize(width, 800);
      Number right =
          (Number)
              script(
                  "return document.getElementById('mismatch-select').getBoundingClientRect()"
                      + ".right");
      Number window = (Number) script("return document.documentElement.clientWidth");
      assertThat(right.doubleValue())
          .as("the picker's right edge at %d px", width)
          .isLessThanOrEqualTo(window.doubleValue());
      assertThat(((Number) script("return document.documentElement.scrollWidth")).intValue())
          .as("no sideways scrolling at %d px", width)
          .isLessThanOrEqualTo(window.intValue());
    }
    browser.resize(1280, 800);

    page.findElement(By.id("recover")).click();
    assertThat(confirm()).contains("goes back to canary 50");
    waitForMessage("The rollback has ended");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> fleetRoute("fares").path("lastStage").path("stage").asString(), "canary"::equals);
    JsonNode fares = fleetRoute("fares");
    assertThat(fares.get("stage").asString()).isEqualTo("canary");
    assertThat(fares.get("verdict").get("status").asString()).isEqualTo("INSUFFICIENT_DATA");
    JsonNode last = fares.get("lastStage");
    assertThat(last.get("share").asInt()).isEqualTo(50);
    assertThat(last.get("compared").asLong()).isPositive();
    assertThat(last.get("verdict").get("status").asString()).isEqualTo("NOT_READY");
    assertThat(last.get("verdict").get("reasons").get(0).asString())
        .startsWith("mismatch rate over 1.00%: ");
    assertThat(java.time.Instant.parse(last.get("to").asString()))
        .isAfter(java.time.Instant.parse(last.get("from").asString()));

    waitFor(() -> cells("fares").get(2).getText().equals("canary 50%"));
    waitFor(() -> text(By.id("verdict")).startsWith("Not enough evidence yet"));
    assertThat(text(By.id("verdict")))
        .startsWith("Not enough evidence yet: 0 of the 20 comparisons needed");
    assertThat(text(By.id("last-stage")))
        .startsWith("canary 50% (")
        .contains("Not ready: mismatch rate over 1.00%: ");
    assertThat(cells("fares").get(5).getText())
        .as("the failed stage stays in the routes table")
        .contains("Last stage, canary 50%", "Not ready");
    browser.screenshot(SHOTS.resolve("last-stage.png"));

    waitForRow("trips").click();
    waitFor(() -> text(By.id("detail-title")).equals("Route trips"));
  }

  @Test
  @Order(10)
  void thePageKeepsWorkingWhenTheGatewayRestarts() {
    gateway.stop();
    waitFor(() -> text(By.id("status")).startsWith("The gateway does not answer"));
    assertThat(cells("trips").get(0).getText())
        .as("what it said last stays readable")
        .isEqualTo("trips");
    browser.screenshot(SHOTS.resolve("gateway-down.png"));

    gateway.startOnSamePort();
    waitFor(() -> text(By.id("status")).startsWith("Updated"));
    assertThat(page.findElement(By.id("signin")).isDisplayed()).as("still signed in").isFalse();
    waitFor(() -> cells("trips").get(2).getText().equals("canary 30%"));
    assertThat(text(By.id("detail-title"))).isEqualTo("Route trips");
    waitFor(() -> text(By.id("fleet-figures")).startsWith("Fleet, since the stage began"));
    assertThat(text(By.id("fleet-figures")))
        .as("nothing compared yet at canary 30%")
        .contains("Compared\n0");

    new Select(page.findElement(By.id("window"))).selectByValue("window=15m");
    waitFor(() -> text(By.id("fleet-figures")).startsWith("Fleet, last 15m"));
    assertThat(text(By.id("fleet-figures")))
        .as("what the replica stored before it stopped")
        .contains("Mismatched\n30 (50.00%)", "From console-1 (60 requests");
  }

  @Test
  @Order(11)
  void itReadsOnAPhoneWidthWindowAndBreaksNoPolicy() {
    browser.resize(390, 844);
    page.navigate().refresh();
    waitForRow("trips");
    waitFor(() -> !page.findElements(By.cssSelector("#differences-table tbody tr")).isEmpty());
    Number pageWidth = (Number) script("return document.documentElement.scrollWidth");
    Number window = (Number) script("return window.innerWidth");
    assertThat(pageWidth.intValue())
        .as("no sideways scrolling of the page")
        .isLessThanOrEqualTo(window.intValue());
    assertThat(page.findElement(By.id("apply-stage")).isDisplayed()).isTrue();
    browser.fullPageScreenshot(SHOTS.resolve("phone.png"));
    browser.resize(1280, 800);
    assertThat(script("return window.__violations")).asList().isEmpty();
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  private JsonNode admin(String path) {
    HttpResponse<String> response = gateway.client().get(path, "Authorization", "Bearer " + TOKEN);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private JsonNode fleetRoute(String id) {
    for (JsonNode route : admin("/ficus/fleet/routes").get("routes")) {
      if (route.get("id").asString().equals(id)) {
        return route;
      }
    }
    throw new AssertionError("no route " + id + " in the fleet view");
  }

  private void signIn(String token) {
    WebElement field =
        new WebDriverWait(page, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("token")));
    field.clear();
    field.sendKeys(token);
    field.sendKeys(Keys.ENTER);
  }

  /** Says yes to the confirmation the page asks for, and returns what it said would happen. */
  private String confirm() {
    waitFor(() -> page.findElement(By.id("confirm")).isDisplayed());
    String said = text(By.id("confirm-text"));
    page.findElement(By.id("confirm-ok")).click();
    waitFor(() -> !page.findElement(By.id("confirm")).isDisplayed());
    return said;
  }

  private WebElement waitForRow(String route) {
    By row = By.cssSelector("#route-table tr[data-route='" + route + "']");
    waitFor(() -> !page.findElements(row).isEmpty());
    return page.findElement(row);
  }

  private List<WebElement> cells(String route) {
    return waitForRow(route).findElements(By.tagName("td"));
  }

  /** The element's text; found again when a refresh of the page replaced it while read. */
  private String text(By by) {
    for (int attempt = 1; ; attempt++) {
      try {
        return page.findElement(by).getText();
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  private List<String> texts(By by) {
    return page.findElements(by).stream().map(WebElement::getText).toList();
  }

  private Object script(String script) {
    return ((JavascriptExecutor) page).executeScript(script);
  }

  /** Waits for the control box to say {@code start}, and fails with what it says instead. */
  private void waitForMessage(String start) {
    try {
      waitFor(() -> text(By.id("control-message")).startsWith(start));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "the console said '" + text(By.id("control-message")) + "', not '" + start + "...'", e);
    }
  }

  /**
   * Opens a route's detail with the keyboard: Enter once (again only when a redraw replaced the row
   * before the key reached it; a second Enter would close it).
   */
  private void open(String route) {
    for (int attempt = 1; ; attempt++) {
      try {
        waitFor(
            () -> {
              waitForRow(route).sendKeys(Keys.ENTER);
              return true;
            });
        waitFor(
            () ->
                text(By.id("detail-title")).equals("Route " + route)
                    && "detail-title".equals(page.switchTo().activeElement().getAttribute("id")));
        return;
      } catch (org.openqa.selenium.TimeoutException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private void waitFor(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(page, Duration.ofSeconds(15))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .until(d -> condition.getAsBoolean());
  }
}
