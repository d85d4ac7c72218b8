package dev.ficus.replay.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.compare.Side;
import dev.ficus.compare.capture.CaptureFormat;
import dev.ficus.compare.capture.CapturedExchange;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.testing.Browser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The replay report as a person reads it, in a real browser (headless Chromium): bodies
 * pretty-printed with the differing values marked, latency labels that fit the chart, and what was
 * not replayed in words. A screenshot is left in target/ for a person to look at.
 */
class ReportInBrowserIT {

  @TempDir Path dir;

  static String trip(int id, String amount) {
    return "{\"id\":\"T-"
        + id
        + "\",\"status\":\"done\",\"fare\":{\"amount\":"
        + amount
        + ",\"currency\":\"EUR\"}}";
  }

  static String line(String method, String path, String body, Duration latency) {
    return CaptureFormat.write(
        new CapturedExchange(
            new RecordedExchange(
                new RecordedRequest(method, path, null, Map.of(), null),
                RecordedResponse.answered(
                    200,
                    Map.of("content-type", List.of("application/json")),
                    Body.of(body.getBytes(StandardCharsets.UTF_8), "application/json"),
                    latency),
                null,
                "trips",
                Side.LEGACY,
                null,
                null,
                Instant.now()),
            null));
  }

  @Test
  void aPersonSeesTheDifferingValuesMarkedAndEveryLabelWhole() throws IOException {
    WireMockServer fresh =
        new WireMockServer(
            wireMockConfig().dynamicPort().bindAddress("127.0.0.1").globalTemplating(true));
    fresh.start();
    try (Browser browser = Browser.start(1280, 900)) {
      fresh.stubFor(
          get(urlPathMatching("/trips/[0-9]+"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"id\":\"T-{{request.pathSegments.[1]}}\",\"status\":\"done\","
                              + "\"fare\":{\"amount\":12.52,\"currency\":\"EUR\"}}")));
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 1930; i++) {
        lines.add(line("GET", "/trips/" + i, trip(i, "12.53"), Duration.ofMillis(2_500 + i)));
      }
      for (int i = 0; i < 68; i++) {
        lines.add(line("POST", "/trips", trip(i, "1"), Duration.ofMillis(5)));
      }
      Path capture =
          Files.writeString(dir.resolve("capture.jsonl"), String.join("\n", lines) + "\n");
      Path reportDir = dir.resolve("report");
      int code =
          ReplayMain.execute(
              new PrintWriter(new StringWriter()),
              new PrintWriter(new StringWriter()),
              "--capture",
              capture.toString(),
              "--new",
              "http://127.0.0.1:" + fresh.port(),
              "--report",
              reportDir.toString(),
              "--progress",
              "none");
      assertThat(code).isEqualTo(1);

      var driver = browser.driver();
      driver.get(reportDir.resolve("report.html").toUri().toString());
      WebElement notReplayed =
          driver.findElement(By.xpath("//th[text()='Not replayed']/following-sibling::td"));
      assertThat(notReplayed.getText()).isEqualTo("68 writes (--include-writes replays them)");

      Boolean labelsFit =
          (Boolean)
              driver.executeScript(
                  "return Array.from(document.querySelectorAll('svg.chart')).every(svg =>"
                      + " Array.from(svg.querySelectorAll('text')).every(t =>"
                      + " t.getBBox().x + t.getBBox().width <= svg.viewBox.baseVal.width));");
      assertThat(labelsFit).as("every latency label inside its chart").isTrue();
      assertThat(driver.findElement(By.cssSelector("svg.chart")).getText())
          .contains("(1930 calls)");

      driver.findElement(By.cssSelector("details summary")).click();
      List<String> marked =
          driver.findElements(By.cssSelector(".sides mark")).stream()
              .map(WebElement::getText)
              .toList();
      assertThat(marked).containsExactly("12.53", "12.52");
      String legacyBody = driver.findElements(By.cssSelector(".sides pre")).get(0).getText();
      assertThat(legacyBody)
          .as("pretty-printed")
          .contains("\n  \"fare\": {\n    \"amount\": 12.53");

      Path screenshot = browser.screenshot(Path.of("target", "replay-report.png"));
      System.out.println("Screenshot of the report: " + screenshot.toAbsolutePath());
    } finally {
      fresh.stop();
    }
  }
}
