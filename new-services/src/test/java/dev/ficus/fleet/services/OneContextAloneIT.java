package dev.ficus.fleet.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code fleet.contexts=trips}: the process serves the trips context and nothing else. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "fleet.contexts=trips")
class OneContextAloneIT {

  @LocalServerPort int port;

  int status(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void onlyTheTripsContextAnswers() throws Exception {
    assertThat(status("/trips/T-0001")).isEqualTo(200);
    assertThat(status("/tracking/T-0001")).isEqualTo(200);
    assertThat(status("/vehicles/V-001")).isEqualTo(404);
    assertThat(status("/users/U-001")).isEqualTo(404);
    assertThat(status("/billing/invoices/I-0001")).isEqualTo(404);
  }
}
