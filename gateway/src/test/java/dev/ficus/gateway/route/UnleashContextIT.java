package dev.ficus.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.FlagsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Unleash context beyond the user id: a flag whose constraint selects tenant {@code acme} (from a
 * header) and one that selects plan {@code gold} (from a JWT claim) move exactly those users.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnleashContextIT {

  static final WireMockServer legacy = Backends.named("legacy");
  static final WireMockServer fresh = Backends.named("new");
  static final Path flagsFile = write();

  @LocalServerPort int port;

  static Path write() {
    String constrained =
        """
        {"name":"%s","enabled":true,"strategies":[{"name":"flexibleRollout",
        "parameters":{"rollout":"100","stickiness":"userId","groupId":"%s"},
        "constraints":[{"contextName":"%s","operator":"IN","values":["%s"]}]}]}""";
    try {
      Path file = FlagsFiles.temporaryDirectory().resolve("flags.json");
      Files.writeString(
          file,
          "{\"version\":2,\"features\":["
              + constrained.formatted("tenants", "tenants", "tenant", "acme")
              + ","
              + constrained.formatted("plans", "plans", "plan", "gold")
              + "]}");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    registry.add("ficus.flags.file", flagsFile::toString);
    registry.add("ficus.evidence.enabled", () -> "false");
    registry.add("ficus.identity.jwt-claim", () -> "sub");
    registry.add("ficus.identity.jwt.verify", () -> "false");
    registry.add("ficus.identity.context.tenant", () -> "header:X-Tenant");
    registry.add("ficus.identity.context.plan", () -> "claim:plan");
    String[][] routes = {{"trips", "tenants"}, {"invoices", "plans"}};
    for (int index = 0; index < routes.length; index++) {
      int i = index;
      registry.add("ficus.routes[" + i + "].id", () -> routes[i][0]);
      registry.add("ficus.routes[" + i + "].paths[0]", () -> "/" + routes[i][0] + "/**");
      registry.add("ficus.routes[" + i + "].mode", () -> "canary");
      registry.add("ficus.routes[" + i + "].flag", () -> routes[i][1]);
      registry.add("ficus.routes[" + i + "].new-uri", () -> Backends.uri(fresh));
    }
  }

  @AfterAll
  static void stopBackends() {
    legacy.stop();
    fresh.stop();
  }

  static String jwt(String subject, String plan) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(
            ("{\"sub\":\"" + subject + "\",\"plan\":\"" + plan + "\"}")
                .getBytes(StandardCharsets.UTF_8))
        + ".";
  }

  String side(String path, String token, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Authorization";
    all[1] = "Bearer " + token;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return new Client(port).get(path, all).body();
  }

  @Test
  void aHeaderChoosesTheTenantAConstraintSelects() {
    for (int user = 0; user < 20; user++) {
      String token = jwt("u" + user, "basic");
      assertThat(side("/trips/1", token, "X-Tenant", "acme")).isEqualTo("new");
      assertThat(side("/trips/1", token, "X-Tenant", "globex")).isEqualTo("legacy");
      assertThat(side("/trips/1", token)).isEqualTo("legacy");
    }
  }

  @Test
  void aClaimChoosesThePlanAConstraintSelects() {
    assertThat(side("/invoices/1", jwt("ada", "gold"))).isEqualTo("new");
    assertThat(side("/invoices/1", jwt("ada", "silver"))).isEqualTo("legacy");
    assertThat(side("/invoices/1", jwt("ada", "gold"), "X-Tenant", "acme"))
        .as("each flag on its own context property")
        .isEqualTo("new");
  }
}
