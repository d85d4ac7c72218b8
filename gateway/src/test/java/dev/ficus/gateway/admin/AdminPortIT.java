package dev.ficus.gateway.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.FlagsFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code ficus.admin.port}: the public listener serves the routes and health only; the admin
 * listener serves the admin API, the console and the metrics, and proxies nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminPortIT {

  static final String TOKEN = "admin-port-it-token";
  static final WireMockServer legacy = Backends.named("legacy");
  static final Path flagsFile =
      FlagsFiles.write(FlagsFiles.temporaryDirectory().resolve("flags.json"), Map.of("f", 0));
  static final int ADMIN_PORT = freePort();

  @LocalServerPort int port;

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    registry.add("ficus.flags.file", flagsFile::toString);
    registry.add("ficus.evidence.enabled", () -> "false");
    registry.add("ficus.admin.token", () -> TOKEN);
    registry.add("ficus.admin.port", () -> ADMIN_PORT);
  }

  @AfterAll
  static void stopBackends() {
    legacy.stop();
  }

  @Test
  void thePublicPortServesTrafficAndHealthButNoAdminPath() {
    Client public_ = new Client(port);
    assertThat(public_.get("/trips/1").body()).isEqualTo("legacy");
    assertThat(public_.get("/ficus/actuator/health/readiness").statusCode()).isEqualTo(200);
    for (String path :
        new String[] {
          "/ficus/routes", "/ficus/fleet/routes", "/ficus/console", "/ficus/actuator/prometheus"
        }) {
      HttpResponse<String> answer = public_.get(path, "Authorization", "Bearer " + TOKEN);
      assertThat(answer.statusCode()).as(path).isEqualTo(404);
      assertThat(answer.body()).contains("ficus.admin.port");
    }
    assertThat(legacy.findAll(anyRequestedFor(urlPathMatching("/ficus/.*"))))
        .as("no admin path, and no token, reached a service")
        .isEmpty();
  }

  @Test
  void theAdminPortServesTheAdminApiTheConsoleAndMetricsAndProxiesNothing() {
    Client admin = new Client(ADMIN_PORT);
    assertThat(admin.get("/ficus/routes").statusCode())
        .as("the token is still needed")
        .isEqualTo(401);
    assertThat(admin.get("/ficus/routes", "Authorization", "Bearer " + TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(admin.get("/ficus/console").statusCode()).isEqualTo(200);
    assertThat(admin.get("/ficus/actuator/prometheus").body()).contains("ficus_flag_source_ok");
    legacy.resetRequests();
    HttpResponse<String> traffic = admin.get("/trips/1");
    assertThat(traffic.statusCode()).isEqualTo(404);
    assertThat(traffic.body()).contains("urn:ficus:problem:admin-port");
    assertThat(legacy.findAll(anyRequestedFor(urlPathMatching("/.*")))).isEmpty();
  }
}
