package dev.ficus.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.FlagsFiles;
import dev.ficus.gateway.testing.Routes;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An Unleash server that cannot be reached, and no backup: users are served by legacy, never an
 * error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FlagOutageIT {

  static final WireMockServer legacy = Backends.named("legacy");
  static final WireMockServer fresh = Backends.named("new");

  @LocalServerPort int port;

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    registry.add(
        "ficus.flags.unleash.url", () -> "http://127.0.0.1:" + Backends.closedPort() + "/api");
    registry.add("ficus.flags.unleash.api-token", () -> "default:development.token");
    registry.add(
        "ficus.flags.unleash.backup-file",
        () -> FlagsFiles.temporaryDirectory().resolve("no-backup-yet.json").toString());
    String prefix = Routes.route(registry, 0, "trips", "/trips/**", "canary", Backends.uri(fresh));
    registry.add(prefix + "flag", () -> "new-trip-service");
  }

  @AfterAll
  static void stopBackends() {
    legacy.stop();
    fresh.stop();
  }

  @Test
  void servesEveryoneFromLegacyWhileNoFlagIsKnown() {
    Client client = new Client(port);
    for (int i = 0; i < 50; i++) {
      HttpResponse<String> response = client.get("/trips/" + i, "X-User-Id", "rider-" + i);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("legacy");
    }
    assertThat(fresh.getAllServeEvents()).isEmpty();
  }
}
