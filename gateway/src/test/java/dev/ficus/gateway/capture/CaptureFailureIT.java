package dev.ficus.gateway.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.FlagsFiles;
import dev.ficus.gateway.testing.Routes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A capture directory that cannot be written: reported, counted, and every request still served.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class CaptureFailureIT {

  static final WireMockServer legacy = Backends.named("legacy");
  static final String TOKEN = "capture-failure-token";

  @LocalServerPort int port;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    Path blocker = FlagsFiles.temporaryDirectory().resolve("a-file-not-a-folder");
    try {
      Files.writeString(blocker, "capture cannot go below a file");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    registry.add("ficus.admin.token", () -> TOKEN);
    Routes.route(registry, 0, "trips", "/trips/**", "legacy", null);
    registry.add("ficus.capture.enabled", () -> "true");
    registry.add("ficus.capture.dir", () -> blocker.resolve("capture").toString());
  }

  @AfterAll
  static void stop() {
    legacy.stop();
  }

  @Test
  void requestsAreServedAndTheDiskProblemIsReported(CapturedOutput output) throws Exception {
    Client client = new Client(port);
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = client.get("/trips/" + i, "X-User-Id", "u" + i);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("legacy");
    }

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode capture =
                  JsonMapper.builder()
                      .build()
                      .readTree(
                          new Client(port)
                              .get("/ficus/routes", "Authorization", "Bearer " + TOKEN)
                              .body())
                      .get("capture");
              assertThat(capture.get("failed").asLong()).isEqualTo(20);
              assertThat(capture.get("written").asLong()).isZero();
              assertThat(capture.get("lastError").asString()).contains("a-file-not-a-folder");
            });
    assertThat(output.getOut()).contains("Capture:").contains("a-file-not-a-folder");
  }
}
