package dev.ficus.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.FlagsFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The user id read from a JWT claim, and the client's Host kept when asked. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdentityAndHostIT {

  static final WireMockServer legacy = Backends.named("legacy");
  static final WireMockServer fresh = Backends.named("new");
  static final Path flagsFile =
      FlagsFiles.write(FlagsFiles.temporaryDirectory().resolve("flags.json"), Map.of("half", 50));

  @LocalServerPort int port;

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    registry.add("ficus.flags.file", flagsFile::toString);
    registry.add("ficus.identity.jwt-claim", () -> "sub");
    // Read unverified: this test is about where the id comes from; JwtIdentityIT verifies.
    registry.add("ficus.identity.jwt.verify", () -> "false");
    registry.add("ficus.preserve-host", () -> "true");
    registry.add("ficus.routes[0].id", () -> "trips");
    registry.add("ficus.routes[0].paths[0]", () -> "/trips/**");
    registry.add("ficus.routes[0].mode", () -> "canary");
    registry.add("ficus.routes[0].flag", () -> "half");
    registry.add("ficus.routes[0].new-uri", () -> Backends.uri(fresh));
  }

  @AfterAll
  static void stopBackends() {
    legacy.stop();
    fresh.stop();
  }

  static String jwt(String subject) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        b64.encodeToString(
            ("{\"sub\":\"" + subject + "\",\"name\":\"Ada\"}").getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".c2lnbmF0dXJl";
  }

  @Test
  void decidesByTheJwtClaimLikeByTheSameUserId() {
    Client client = new Client(port);
    int onNew = 0;
    for (int i = 0; i < 200; i++) {
      String bearer = "Bearer " + jwt("rider-" + i);
      String first = client.get("/trips/" + i, "Authorization", bearer).body();
      for (int n = 0; n < 5; n++) {
        assertThat(client.get("/trips/" + i, "Authorization", bearer).body()).isEqualTo(first);
      }
      onNew += first.equals("new") ? 1 : 0;
    }
    assertThat(onNew).as("about half of 200 riders").isBetween(70, 130);
  }

  @Test
  void ignoresTheUserIdHeaderAndBrokenTokensWhenAClaimIsConfigured() {
    Client client = new Client(port);
    for (int i = 0; i < 50; i++) {
      assertThat(client.get("/trips/1", "X-User-Id", "rider-" + i).body()).isEqualTo("legacy");
      assertThat(client.get("/trips/1", "Authorization", "Bearer not.a-jwt!").body())
          .isEqualTo("legacy");
    }
  }

  @Test
  void passesTheClientsHostWhenPreserveHostIsOn() {
    new Client(port)
        .send(new Client(port).request("/anything").header("X-Probe", "host").GET().build());
    var requests = legacy.findAll(WireMock.getRequestedFor(WireMock.urlEqualTo("/anything")));
    assertThat(requests).isNotEmpty();
    assertThat(requests.get(0).getHeader("Host")).isEqualTo("127.0.0.1:" + port);
  }
}
