package dev.ficus.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.FlagsFiles;
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
 * With trusted proxies set, a client that is not one of them cannot choose its side with a user id
 * of its choice: the request is anonymous (legacy), and counted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UntrustedIdentityIT {

  static final WireMockServer legacy = Backends.named("legacy");
  static final WireMockServer fresh = Backends.named("new");
  static final Path flagsFile =
      FlagsFiles.write(
          FlagsFiles.temporaryDirectory().resolve("flags.json"), Map.of("everyone", 100));

  @LocalServerPort int port;

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    registry.add("ficus.flags.file", flagsFile::toString);
    // The tests' client connects from loopback, which is not the proxy.
    registry.add("ficus.identity.trusted-proxies", () -> "10\\.9\\.9\\.9");
    registry.add("ficus.debug-headers", () -> "true");
    registry.add("ficus.routes[0].id", () -> "trips");
    registry.add("ficus.routes[0].paths[0]", () -> "/trips/**");
    registry.add("ficus.routes[0].mode", () -> "canary");
    registry.add("ficus.routes[0].flag", () -> "everyone");
    registry.add("ficus.routes[0].new-uri", () -> Backends.uri(fresh));
  }

  @AfterAll
  static void stopBackends() {
    legacy.stop();
    fresh.stop();
  }

  @Test
  void aUserIdFromAnAddressThatIsNoTrustedProxyIsIgnoredAndCounted() {
    Client client = new Client(port);
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = client.get("/trips/" + i, "X-User-Id", "chooser-" + i);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Ficus-Served-By"))
          .as("every user is on new by the flag, but this one is anonymous")
          .hasValue("legacy");
    }
    assertThat(fresh.getAllServeEvents()).isEmpty();
    assertThat(client.get("/ficus/actuator/prometheus").body())
        .contains("ficus_identity_untrusted_total 5.0")
        .contains(
            "ficus_decisions_total{reason=\"no_identity\",route=\"trips\",side=\"legacy\"} 5.0");
  }
}
