package dev.ficus.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.FlagsFiles;
import dev.ficus.gateway.testing.Replica;
import dev.ficus.testing.Browser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Named admin tokens with roles: a viewer reads the admin API, the fleet view and the console, and
 * is refused every change (403 naming the token); an operator changes, and its name is in the audit
 * line; an unknown token is refused (401).
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminTokensIT {

  static final String OPERATOR = "alice-operator-token-5b1e";
  static final String VIEWER = "dashboards-viewer-token-77c2";
  static final String LEGACY = "plain-admin-token-0a9d";

  final Path flags = FlagsFiles.temporaryDirectory().resolve("flags.json");
  final WireMockServer legacy = Backends.named("legacy");
  final WireMockServer fresh = Backends.named("new");
  Replica gateway;
  Client client;

  @BeforeAll
  void start() {
    FlagsFiles.write(flags, Map.of("trips-flag", 0));
    Map<String, String> settings = new HashMap<>();
    settings.put("ficus.legacy.uri", Backends.uri(legacy));
    settings.put("ficus.flags.file", flags.toString());
    settings.put("ficus.evidence.enabled", "false");
    settings.put("ficus.admin.token", LEGACY);
    settings.put("ficus.admin.tokens[0].name", "alice");
    settings.put("ficus.admin.tokens[0].token", OPERATOR);
    settings.put("ficus.admin.tokens[0].role", "operator");
    settings.put("ficus.admin.tokens[1].name", "dashboards");
    settings.put("ficus.admin.tokens[1].token", VIEWER);
    settings.put("ficus.admin.tokens[1].role", "viewer");
    settings.put("ficus.routes[0].id", "trips");
    settings.put("ficus.routes[0].paths[0]", "/trips/**");
    settings.put("ficus.routes[0].mode", "shadow");
    settings.put("ficus.routes[0].flag", "trips-flag");
    settings.put("ficus.routes[0].new-uri", Backends.uri(fresh));
    gateway = Replica.start("tokens", settings);
    client = gateway.client();
  }

  @AfterAll
  void stop() {
    gateway.close();
    legacy.stop();
    fresh.stop();
  }

  HttpResponse<String> call(String method, String path, String token, String body) {
    HttpRequest.Builder request =
        client
            .request(path)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build());
  }

  @Test
  void aViewerReadsEverythingAndChangesNothing() {
    assertThat(call("GET", "/ficus/routes", VIEWER, null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/ficus/routes/trips", VIEWER, null).body())
        .contains("\"stage\":\"shadow\"");
    assertThat(call("GET", "/ficus/console/api/settings", VIEWER, null).body())
        .contains("\"role\":\"viewer\"");
    HttpResponse<String> change =
        call("PUT", "/ficus/routes/trips/stage", VIEWER, "{\"stage\":\"canary\",\"share\":5}");
    assertThat(change.statusCode()).isEqualTo(403);
    assertThat(change.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(change.body())
        .contains("urn:ficus:problem:forbidden")
        .contains("The token 'dashboards' is a viewer's")
        .doesNotContain(VIEWER);
    assertThat(call("POST", "/ficus/routes/trips/rollback", VIEWER, null).statusCode())
        .isEqualTo(403);
    assertThat(call("GET", "/ficus/routes/trips", VIEWER, null).body())
        .as("nothing changed")
        .contains("\"stage\":\"shadow\"");
  }

  @Test
  void anOperatorChangesAndIsNamedInTheAuditLine(CapturedOutput output) {
    assertThat(call("GET", "/ficus/console/api/settings", OPERATOR, null).body())
        .contains("\"role\":\"operator\"");
    HttpResponse<String> change =
        call("PUT", "/ficus/routes/trips/stage", OPERATOR, "{\"stage\":\"shadow\",\"share\":3}");
    assertThat(change.statusCode()).as(change.body()).isEqualTo(200);
    assertThat(output.getOut()).contains("by=\"token 'alice' (operator) from 127.0.0.1\"");
    HttpResponse<String> plain = call("PUT", "/ficus/routes/trips/stage", LEGACY, "{\"share\":4}");
    assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
    assertThat(output.getOut()).contains("by=\"admin token from 127.0.0.1\"");
    assertThat(output.getOut()).doesNotContain(OPERATOR).doesNotContain(LEGACY);
  }

  HttpResponse<String> send(String method, String path, String contentType, String body) {
    return client.send(
        client
            .request(path)
            .header("Content-Type", contentType)
            .header("Authorization", "Bearer " + OPERATOR)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /**
   * Bodies as curl sends them: {@code -X POST -d ''} (an empty form), {@code -d 'reason=bad'} (a
   * form), and what the admin API does not take, each refused as problem+json naming what to send.
   */
  @Test
  void takesTheKillSwitchAsCurlSendsItAndRefusesOtherBodiesAsProblems() {
    String form = "application/x-www-form-urlencoded";
    assertThat(
            send(
                    "PUT",
                    "/ficus/routes/trips/stage",
                    "application/json",
                    "{\"stage\":\"canary\",\"share\":10}")
                .statusCode())
        .isEqualTo(200);
    try {
      HttpResponse<String> rolledBack =
          send("POST", "/ficus/routes/trips/rollback", form, "reason=fares+look+wrong");
      assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
      assertThat(rolledBack.body()).contains("\"detail\":\"fares look wrong\"");
      HttpResponse<String> again = send("POST", "/ficus/routes/trips/rollback", form, "");
      assertThat(again.statusCode()).as("an empty form: " + again.body()).isEqualTo(200);
      HttpResponse<String> recovered = send("DELETE", "/ficus/routes/trips/rollback", form, "");
      assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(200);
      assertThat(recovered.body()).contains("\"stage\":\"canary\"");
    } finally {
      send("PUT", "/ficus/routes/trips/stage", "application/json", "{\"stage\":\"shadow\"}");
    }
    Object[][] refused = {
      {
        "PUT",
        "/ficus/routes/trips/stage",
        form,
        "stage=new",
        415,
        "send JSON (Content-Type: application/json)"
      },
      {
        "POST",
        "/ficus/routes/trips/rollback",
        "application/xml",
        "<reason/>",
        415,
        "a form (reason=...)"
      },
      {"POST", "/ficus/routes/trips/rollback", form, "reason=a&reason=b", 400, "given twice"},
      {"POST", "/ficus/routes/trips/rollback", form, "why=bad", 400, "unknown field 'why'"},
      {"POST", "/ficus/routes/trips/rollback", "application/json", "{\"reason\":", 400, "not JSON"},
      {
        "POST",
        "/ficus/routes/trips/rollback",
        "application/json",
        "x".repeat(70_000),
        413,
        "over 64 KB"
      },
      {"GET", "/ficus/routes/trips/stage", "application/json", "", 405, "GET is not served"},
    };
    for (Object[] c : refused) {
      HttpResponse<String> response =
          send((String) c[0], (String) c[1], (String) c[2], (String) c[3]);
      assertThat(response.statusCode())
          .as(c[0] + " " + c[2] + ": " + response.body())
          .isEqualTo(c[4]);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(response.body()).contains((String) c[5]);
    }
    assertThat(call("GET", "/ficus/routes/trips", VIEWER, null).body())
        .as("nothing refused changed anything")
        .contains("\"stage\":\"shadow\"");
  }

  @Test
  void anUnknownTokenOrNoneIsRefused() {
    for (String token : new String[] {null, "guess", VIEWER + "x", VIEWER.substring(1)}) {
      HttpResponse<String> answer = call("GET", "/ficus/routes", token, null);
      assertThat(answer.statusCode()).as(String.valueOf(token)).isEqualTo(401);
      assertThat(answer.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"ficus\"");
    }
  }

  @Test
  void theConsoleIsReadOnlyForAViewer() {
    try (Browser browser = Browser.start(1280, 900)) {
      ChromeDriver page = browser.driver();
      page.get("http://127.0.0.1:" + gateway.port() + "/ficus/console");
      WebDriverWait wait =
          (WebDriverWait)
              new WebDriverWait(page, Duration.ofSeconds(15))
                  .ignoring(StaleElementReferenceException.class)
                  .ignoring(NoSuchElementException.class);
      WebElement token = wait.until(d -> d.findElement(By.id("token")));
      token.sendKeys(VIEWER);
      token.sendKeys(Keys.ENTER);
      By row = By.cssSelector("#route-table tr[data-route='trips']");
      wait.until(d -> !d.findElements(row).isEmpty());
      page.findElement(row).sendKeys(Keys.ENTER);
      wait.until(d -> d.findElement(By.id("control-help")).getText().startsWith("Read only"));
      assertThat(page.findElement(By.id("apply-stage")).isEnabled()).isFalse();
      assertThat(page.findElement(By.id("rollback")).isEnabled()).isFalse();
    }
  }
}
