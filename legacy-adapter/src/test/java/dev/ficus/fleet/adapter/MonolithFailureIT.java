package dev.ficus.fleet.adapter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A monolith that is slow, broken or gone: the client gets a 504 or 502 problem naming the
 * monolith, never a hang or a stack trace. The adapter's timeout is set below the stand-in's slow
 * fleet status.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MonolithFailureIT {

  static final WireMockServer monolith = Monolith.start();
  static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void monolith(DynamicPropertyRegistry registry) {
    registry.add("monolith.url", () -> "http://127.0.0.1:" + monolith.port());
    registry.add("monolith.timeout", () -> "150ms");
    monolith.stubFor(
        get(urlPathEqualTo("/legacy/api/v1/users/U-004"))
            .atPriority(0)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    monolith.stubFor(
        get(urlPathEqualTo("/legacy/api/v1/users/U-005"))
            .atPriority(0)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status_code\":500,\"error_message\":\"ORA-00060: deadlock\"}")));
  }

  @AfterAll
  static void stop() {
    monolith.stop();
  }

  JsonNode problem(String path, int status) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    return JSON.readTree(response.body());
  }

  @Test
  void theSlowEndpointBeyondTheTimeoutIsA504() throws Exception {
    JsonNode problem = problem("/fleet/status", 504);
    assertThat(problem.get("type").asString()).isEqualTo("urn:fleet:problem:monolith-unavailable");
    assertThat(problem.get("detail").asString()).contains("did not answer within 150 ms");
  }

  @Test
  void aResetOrAFailingMonolithIsA502() throws Exception {
    assertThat(problem("/users/U-004", 502).get("detail").asString()).contains("monolith");
    assertThat(problem("/users/U-005", 502).get("detail").asString())
        .contains("status 500")
        .contains("deadlock");
  }

  @Test
  void otherEndpointsStillAnswer() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/users/U-001"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }
}
