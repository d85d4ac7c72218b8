package dev.ficus.gateway.shadow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.gateway.testing.Backends;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** The shadow side's calls over real HTTP: headers, bodies, and the bounds on a call's time. */
class ShadowClientTest {

  static WireMockServer side;
  static ShadowClient client;

  @BeforeAll
  static void start() {
    side = Backends.named("new");
    side.stubFor(
        get(urlEqualTo("/trickle"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("x".repeat(40))
                    .withChunkedDribbleDelay(40, 4_000)));
    side.stubFor(
        post(urlEqualTo("/echo"))
            .withHeader(ShadowClient.SHADOW_HEADER, equalTo("true"))
            .withHeader("X-Tenant", equalTo("acme"))
            .willReturn(aResponse().withStatus(201).withBody("{{request.body}}")));
    client = new ShadowClient(8);
  }

  @AfterAll
  static void stop() {
    client.close();
    side.stop();
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + side.port());
  }

  @Test
  void anAnswerThatKeepsTricklingPastTheCallsDeadlineIsATimeout() {
    // Each part comes within the response timeout (100 ms apart, 300 ms allowed), but the whole
    // answer would take 4 s, past the deadline of twice (connect + response) = 1.2 s.
    RecordedResponse answer =
        client
            .call(
                base(),
                "GET",
                "/trickle",
                new HttpHeaders(),
                null,
                Duration.ofMillis(300),
                Duration.ofMillis(300),
                1024)
            .block(Duration.ofSeconds(10));

    assertThat(answer.failed()).isTrue();
    assertThat(answer.error()).startsWith("timeout:");
  }

  @Test
  void aRequestWithABodyIsSentWithTheClientsHeadersAndMarkedAsShadow() {
    HttpHeaders headers = new HttpHeaders();
    headers.add("X-Tenant", "acme");
    headers.add("Content-Type", "text/plain");
    RecordedResponse answer =
        client
            .call(
                base(),
                "POST",
                "/echo",
                headers,
                "hello".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                1024)
            .block(Duration.ofSeconds(10));

    assertThat(answer.failed()).isFalse();
    assertThat(answer.status()).isEqualTo(201);
  }
}
