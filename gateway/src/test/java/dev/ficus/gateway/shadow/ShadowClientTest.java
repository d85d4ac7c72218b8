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

  /**
   * A server that reads a body by its length only, as Python's wsgiref and many older Java EE, .NET
   * and PHP stacks do: a chunked request without a length is refused with 411.
   */
  @Test
  void sendsTheBodyWithItsLengthWhenTheClientSentOneAndChunkedOnlyWhenTheClientDid()
      throws Exception {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    java.util.List<String> framing = new java.util.concurrent.CopyOnWriteArrayList<>();
    server.createContext(
        "/",
        exchange -> {
          String length = exchange.getRequestHeaders().getFirst("Content-Length");
          String encoding = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
          byte[] body = exchange.getRequestBody().readAllBytes();
          framing.add(length + "/" + encoding + "/" + new String(body, StandardCharsets.UTF_8));
          byte[] answer =
              (length == null ? "length required" : new String(body, StandardCharsets.UTF_8))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(length == null ? 411 : 200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
      HttpHeaders sent = new HttpHeaders();
      sent.setContentLength(5);
      sent.set("Content-Type", "text/xml; charset=utf-8");
      sent.set("SOAPAction", "\"GetInvoice\"");
      RecordedResponse answer =
          client
              .call(
                  base,
                  "POST",
                  "/services/Billing",
                  sent,
                  "<a/>\n".getBytes(StandardCharsets.UTF_8),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(2),
                  1024)
              .block(Duration.ofSeconds(10));
      assertThat(answer.status()).isEqualTo(200);
      assertThat(new String(answer.body().bytes(), StandardCharsets.UTF_8)).isEqualTo("<a/>\n");
      assertThat(framing.get(0)).isEqualTo("5/null/<a/>\n");

      HttpHeaders chunked = new HttpHeaders();
      chunked.set("Transfer-Encoding", "chunked");
      RecordedResponse refused =
          client
              .call(
                  base,
                  "POST",
                  "/upload",
                  chunked,
                  "abc".getBytes(StandardCharsets.UTF_8),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(2),
                  1024)
              .block(Duration.ofSeconds(10));
      assertThat(refused.status()).isEqualTo(411);
      assertThat(framing.get(1)).isEqualTo("null/chunked/abc");

      RecordedResponse empty =
          client
              .call(
                  base,
                  "POST",
                  "/ping",
                  new HttpHeaders(),
                  new byte[0],
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(2),
                  1024)
              .block(Duration.ofSeconds(10));
      assertThat(empty.status()).isEqualTo(200);
      assertThat(framing.get(2)).isEqualTo("0/null/");
    } finally {
      server.stop(0);
    }
  }
}
