package dev.ficus.flags;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client-API contract of an Unleash server, played by WireMock on a real port. */
class UnleashServerRolloutTest {

  static WireMockServer unleash;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    unleash = new WireMockServer(wireMockConfig().dynamicPort());
    unleash.start();
  }

  @AfterAll
  static void stopServer() {
    unleash.stop();
  }

  private UnleashServer server(Path backup) {
    return new UnleashServer(
        "http://127.0.0.1:" + unleash.port() + "/api",
        "default:development.secret",
        "ficus-test",
        1,
        backup);
  }

  @Test
  void decidesFromTheServersFlagsAndSendsTheToken() {
    unleash.stubFor(
        get(urlPathEqualTo("/api/client/features"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(FlagsFileRolloutTest.rollout("f", 100))));
    try (RolloutFlags flags = RolloutFlags.fromServer(server(dir.resolve("backup.json")))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> flags.stateFor("f", "u1") == FlagState.ON);
    }
    assertThat(
            unleash
                .findAll(
                    com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                        urlPathEqualTo("/api/client/features")))
                .get(0)
                .getHeader("Authorization"))
        .isEqualTo("default:development.secret");
  }

  @Test
  void startsFromTheBackupWhenTheServerIsDown() {
    Path backup = dir.resolve("backup.json");
    unleash.stubFor(
        get(urlPathEqualTo("/api/client/features"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(FlagsFileRolloutTest.rollout("f", 100))));
    try (RolloutFlags flags = RolloutFlags.fromServer(server(backup))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> flags.stateFor("f", "u1") == FlagState.ON);
      await().atMost(Duration.ofSeconds(5)).until(() -> backup.toFile().length() > 0);
    }
    unleash.stubFor(
        get(urlPathEqualTo("/api/client/features")).willReturn(aResponse().withStatus(503)));
    try (RolloutFlags restarted = RolloutFlags.fromServer(server(backup))) {
      assertThat(restarted.stateFor("f", "u1")).isEqualTo(FlagState.ON);
    }
  }

  @Test
  void takesAServersCustomStrategyAndDecidesItAsOffAsTheSdkDoes() {
    unleash.stubFor(
        get(urlPathEqualTo("/api/client/features"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"version":2,"features":[
                          {"name":"custom","enabled":true,"strategies":[{"name":"byTenantPlan","parameters":{"plan":"gold"}}]},
                          {"name":"f","enabled":true,"strategies":[{"name":"default"}]}]}
                        """)));
    try (RolloutFlags flags = RolloutFlags.fromServer(server(dir.resolve("backup.json")))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> flags.stateFor("f", "u1") == FlagState.ON);
      assertThat(flags.status().state()).isEqualTo(FlagSourceStatus.OK);
      assertThat(flags.stateFor("custom", "u1")).isEqualTo(FlagState.OFF);
    }
  }
}
