package dev.ficus.gateway.autopilot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.ficus.evidence.AutopilotStore;
import dev.ficus.gateway.testing.Backends;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The autopilot's webhook over real HTTP: the step as JSON, retried while the receiver fails. */
class WebhookTest {

  final WireMockServer receiver = Backends.templated(8);
  final Webhook webhook = new Webhook();

  @AfterEach
  void stop() {
    webhook.close();
    receiver.stop();
  }

  @Test
  void aStepIsPostedAsJsonAndRetriedUntilTheReceiverTakesIt() {
    receiver.stubFor(
        post(urlPathEqualTo("/hook"))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("once"));
    receiver.stubFor(
        post(urlPathEqualTo("/hook"))
            .inScenario("flaky")
            .whenScenarioStateIs("once")
            .willReturn(aResponse().withStatus(502))
            .willSetStateTo("up"));
    receiver.stubFor(
        post(urlPathEqualTo("/hook"))
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(204)));
    webhook.send(
        URI.create(Backends.uri(receiver) + "/hook"),
        "trips",
        new AutopilotStore.Step(
            Instant.parse("2026-11-29T10:00:00Z"),
            "advance",
            "canary 5%",
            "canary 25%",
            "READY at canary 5%",
            "autopilot on a"),
        "a",
        false);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(receiver.findAll(postRequestedFor(urlPathEqualTo("/hook")))).hasSize(3));
    JsonNode body =
        JsonMapper.builder()
            .build()
            .readTree(
                receiver
                    .findAll(postRequestedFor(urlPathEqualTo("/hook")))
                    .get(2)
                    .getBodyAsString());
    assertThat(body.path("route").asString()).isEqualTo("trips");
    assertThat(body.path("action").asString()).isEqualTo("advance");
    assertThat(body.path("from").asString()).isEqualTo("canary 5%");
    assertThat(body.path("to").asString()).isEqualTo("canary 25%");
    assertThat(body.path("at").asString()).isEqualTo("2026-11-29T10:00:00Z");
    assertThat(body.path("dryRun").asBoolean()).isFalse();
    // Taken: no fourth attempt.
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
    assertThat(receiver.findAll(postRequestedFor(urlPathEqualTo("/hook")))).hasSize(3);
  }
}
