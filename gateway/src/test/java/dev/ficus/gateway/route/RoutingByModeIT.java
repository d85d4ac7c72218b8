package dev.ficus.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.FlagsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutingByModeIT {

  static final WireMockServer legacy = Backends.named("legacy");
  static final WireMockServer fresh = Backends.named("new");
  static final Path flagsFile =
      FlagsFiles.write(
          FlagsFiles.temporaryDirectory().resolve("flags.json"), Map.of("new-trip-service", 30));

  @LocalServerPort int port;

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    registry.add("ficus.flags.file", flagsFile::toString);
    String[][] routes = {
      // id, path, methods, mode, flag
      {"trips", "/trips/**", "GET,POST", "canary", "new-trip-service"},
      {"trip-tracking", "/trips/{id}/tracking", "", "canary", "flag-nobody-defined"},
      {"vehicles", "/vehicles/**", "", "shadow", ""},
      {"users", "/users/**", "", "new", ""},
      {"users-writes", "/users/**", "PUT", "legacy", ""},
      {"billing", "/billing/**", "", "legacy", ""},
    };
    for (int i = 0; i < routes.length; i++) {
      String prefix = "ficus.routes[" + i + "].";
      String[] route = routes[i];
      registry.add(prefix + "id", () -> route[0]);
      registry.add(prefix + "paths[0]", () -> route[1]);
      registry.add(prefix + "methods", () -> route[2]);
      registry.add(prefix + "mode", () -> route[3]);
      registry.add(prefix + "flag", () -> route[4]);
      if (!route[3].equals("legacy")) {
        registry.add(prefix + "new-uri", () -> Backends.uri(fresh));
      }
    }
  }

  @AfterAll
  static void stopBackends() {
    legacy.stop();
    fresh.stop();
  }

  private Client client;

  @BeforeEach
  void connect() {
    client = new Client(port);
  }

  private Client client() {
    return client;
  }

  private String sideFor(String path, String userId) {
    var response = client().get(path, "X-User-Id", userId);
    assertThat(response.headers().firstValue("X-Ficus-Served-By"))
        .as("no debug header unless ficus.debug-headers is on")
        .isEmpty();
    return response.body();
  }

  private double percentOnNew(int users, String prefix) {
    List<String> sides = Client.inParallel(users, i -> sideFor("/trips/" + i, prefix + i));
    return 100.0 * sides.stream().filter("new"::equals).count() / users;
  }

  @Test
  void servesTheRolloutShareOfTenThousandUsersFromTheNewService() {
    assertThat(percentOnNew(10_000, "user-")).isBetween(28.5, 31.5);
  }

  @Test
  void keepsEachUserOnOneSideForAllTheirRequests() {
    for (int user = 0; user < 50; user++) {
      String id = "sticky-" + user;
      Set<String> sides =
          IntStream.range(0, 50)
              .mapToObj(n -> sideFor("/trips/" + n, id))
              .collect(Collectors.toSet());
      assertThat(sides).as("sides seen by %s", id).hasSize(1);
    }
  }

  @Test
  void followsAChangedFlagsFileWithoutRestart() {
    try {
      FlagsFiles.write(flagsFile, Map.of("new-trip-service", 70));
      // A quick probe finds the moment of the change; then the share is measured on more users.
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> percentOnNew(200, "probe-") > 55.0);
      assertThat(percentOnNew(2_000, "reload-")).isBetween(66.0, 74.0);
    } finally {
      FlagsFiles.write(flagsFile, Map.of("new-trip-service", 30));
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> percentOnNew(200, "probe-") < 45.0);
      assertThat(percentOnNew(2_000, "reload-")).isBetween(26.0, 34.0);
    }
  }

  @Test
  void sendsARequestWithoutUserIdToLegacyInCanaryMode() {
    for (int i = 0; i < 20; i++) {
      assertThat(client().get("/trips/" + i).body()).isEqualTo("legacy");
    }
  }

  @Test
  void sendsEveryoneToLegacyWhenTheFlagIsUnknown() {
    assertThat(
            IntStream.range(0, 200)
                .mapToObj(i -> sideFor("/trips/" + i + "/tracking", "u" + i))
                .distinct())
        .containsExactly("legacy");
  }

  @Test
  void servesShadowAndLegacyModesFromLegacyAndNewModeFromNew() {
    for (int i = 0; i < 100; i++) {
      assertThat(sideFor("/vehicles/" + i, "u" + i)).isEqualTo("legacy");
      assertThat(sideFor("/billing/invoices/" + i, "u" + i)).isEqualTo("legacy");
      assertThat(sideFor("/users/" + i, "u" + i)).isEqualTo("new");
      assertThat(client().get("/users/" + i).body()).as("no user id in new mode").isEqualTo("new");
    }
  }

  @Test
  void sendsRequestsNoRouteClaimsToLegacy() {
    assertThat(sideFor("/", "u1")).isEqualTo("legacy");
    assertThat(sideFor("/reports/daily?day=1", "u1")).isEqualTo("legacy");
    assertThat(sideFor("/tripsandmore", "u1")).isEqualTo("legacy");
  }

  @Test
  void claimsOnlyTheRoutesMethods() {
    String userOnNew =
        IntStream.range(0, 1000)
            .mapToObj(i -> "m" + i)
            .filter(id -> sideFor("/trips/1", id).equals("new"))
            .findFirst()
            .orElseThrow();
    var delete =
        client().send(client().request("/trips/1").header("X-User-Id", userOnNew).DELETE().build());
    assertThat(delete.body()).as("DELETE is not a method of route trips").isEqualTo("legacy");
    var put =
        client()
            .send(
                client()
                    .request("/users/1")
                    .header("X-User-Id", "u1")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                    .build());
    assertThat(put.body()).as("users-writes names PUT, so it wins over users").isEqualTo("legacy");
  }

  @Test
  void keepsTheAdminApiOffWithoutAToken() {
    var response = client().get("/ficus/routes", "Authorization", "Bearer anything");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("set ficus.admin.token");
  }
}
