package dev.ficus.gateway.route;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.FlagsFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a client may send, over raw sockets: headers over the limit get a 431 problem and reach no
 * service; a client that stops sending its body, or sends nothing, or sends nothing more after its
 * answer, loses its connection; a client waiting for a slow answer keeps it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestLimitsIT {

  static final WireMockServer legacy = Backends.named("legacy");
  static final Path flagsFile =
      FlagsFiles.write(FlagsFiles.temporaryDirectory().resolve("flags.json"), Map.of("f", 0));

  @LocalServerPort int port;

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    registry.add("ficus.flags.file", flagsFile::toString);
    registry.add("ficus.evidence.enabled", () -> "false");
    registry.add("ficus.limits.read-timeout", () -> "2s");
    registry.add("ficus.limits.idle-timeout", () -> "2s");
  }

  static {
    legacy.stubFor(get(urlEqualTo("/trips/1")).willReturn(okJson("{\"trip\":1}")));
    legacy.stubFor(
        get(urlEqualTo("/trips/slow"))
            .willReturn(okJson("{\"trip\":\"slow\"}").withFixedDelay(4_500)));
  }

  @AfterAll
  static void stopBackends() {
    legacy.stop();
  }

  /** Sends the bytes and reads what comes back until the server closes, or 15 s pass. */
  String exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          answer.write(buffer, 0, read);
        }
      } catch (SocketTimeoutException stillOpen) {
        return "still open after 15 s: " + answer.toString(StandardCharsets.ISO_8859_1);
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void headersOverTheLimitGetA431ProblemAndReachNoService() throws IOException {
    legacy.resetRequests();
    String answer =
        exchange(
            "GET /trips/1 HTTP/1.1\r\nHost: ficus\r\nX-Big: "
                + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 431");
    assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
    assertThat(answer)
        .contains("\"type\":\"urn:ficus:problem:header-too-large\"")
        .contains("server.max-http-request-header-size");
    assertThat(legacy.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aClientThatStopsSendingItsBodyLosesTheConnection() throws IOException {
    long started = System.nanoTime();
    String answer =
        exchange(
            "POST /trips HTTP/1.1\r\nHost: ficus\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"a\":");
    assertThat(answer).doesNotStartWith("still open");
    assertThat((System.nanoTime() - started) / 1e9).isLessThan(14);
  }

  @Test
  void aConnectionWithNoRequestIsClosed() throws IOException {
    String answer = exchange("");
    assertThat(answer).doesNotStartWith("still open").isEmpty();
  }

  @Test
  void aKeptAliveConnectionIsClosedOnceItSitsIdleAfterItsAnswer() throws IOException {
    long started = System.nanoTime();
    String answer = exchange("GET /trips/1 HTTP/1.1\r\nHost: ficus\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200").contains("{\"trip\":1}");
    assertThat((System.nanoTime() - started) / 1e9).isLessThan(14);
  }

  @Test
  void aClientWaitingLongerThanTheTimeoutsForASlowAnswerGetsItInFull() throws IOException {
    // Both timeouts are 2 s; the monolith takes 4.5 s. The connection is then closed as idle.
    String answer = exchange("GET /trips/slow HTTP/1.1\r\nHost: ficus\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200").contains("{\"trip\":\"slow\"}");
  }
}
