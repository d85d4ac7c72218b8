package dev.ficus.fleet.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The new services' own rules: the fare (rounded half to even) and refusals naming the field. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DomainIT {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;

  HttpResponse<String> call(String method, String path, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  String field(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    return JSON.readTree(response.body()).get("field").asString();
  }

  @Test
  void aBookingsFareIsRoundedHalfToEven() throws Exception {
    HttpResponse<String> booked =
        call(
            "POST", "/trips", "{\"userId\":\"U-010\",\"vehicleId\":\"V-010\",\"distanceKm\":1.30}");

    assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
    JsonNode trip = JSON.readTree(booked.body());
    // 3.50 + 1.25 x 1.30 = 5.125: half to even gives 5.12 where the monolith says 5.13.
    assertThat(trip.get("fare").get("amount").decimalValue())
        .isEqualByComparingTo(new BigDecimal("5.12"));
    String id = trip.get("id").asString();
    assertThat(JSON.readTree(call("GET", "/trips/" + id, null).body()).get("status").asString())
        .isEqualTo("IN_PROGRESS");
    JsonNode fare =
        JSON.readTree(call("POST", "/billing/calculate", "{\"distanceKm\":12.35}").body());
    assertThat(fare.get("amount").decimalValue()).isEqualByComparingTo(new BigDecimal("18.94"));
  }

  @Test
  void everyBadFieldOfABookingIsNamed() throws Exception {
    assertThat(field(call("POST", "/trips", null))).isEqualTo("body");
    assertThat(field(call("POST", "/trips", "[1,2]"))).isEqualTo("body");
    assertThat(field(call("POST", "/trips", "{\"vehicleId\":\"V-001\",\"distanceKm\":3}")))
        .isEqualTo("userId");
    assertThat(
            field(
                call(
                    "POST",
                    "/trips",
                    "{\"userId\":\"U-404\",\"vehicleId\":\"V-001\",\"distanceKm\":3}")))
        .isEqualTo("userId");
    assertThat(
            field(
                call("POST", "/trips", "{\"userId\":\"U-001\",\"vehicleId\":7,\"distanceKm\":3}")))
        .isEqualTo("vehicleId");
    assertThat(
            field(
                call(
                    "POST",
                    "/trips",
                    "{\"userId\":\"U-001\",\"vehicleId\":\"V-001\",\"distanceKm\":-1}")))
        .isEqualTo("distanceKm");
    assertThat(
            field(
                call(
                    "POST",
                    "/trips",
                    "{\"userId\":\"U-001\",\"vehicleId\":\"V-001\",\"distanceKm\":1.234}")))
        .isEqualTo("distanceKm");
    assertThat(
            field(
                call(
                    "POST",
                    "/trips",
                    "{\"userId\":\"U-001\",\"vehicleId\":\"V-001\",\"distanceKm\":5000}")))
        .isEqualTo("distanceKm");
    assertThat(
            field(
                call(
                    "PUT",
                    "/users/U-001/preferences",
                    "{\"language\":\"en\",\"notifications\":\"yes\"}")))
        .isEqualTo("notifications");
    assertThat(
            field(
                call(
                    "PUT",
                    "/users/U-001/preferences",
                    "{\"language\":\"en\",\"notifications\":true,\"preferredModel\":3}")))
        .isEqualTo("preferredModel");
    assertThat(field(call("POST", "/billing/calculate", "{\"distanceKm\":\"far\"}")))
        .isEqualTo("distanceKm");
    assertThat(field(call("GET", "/trips", null))).isEqualTo("userId");
  }

  @Test
  void unknownResourcesAreNotFound() throws Exception {
    for (String path :
        new String[] {
          "/vehicles/V-404",
          "/diagnostics/V-404",
          "/trips/T-9999",
          "/tracking/T-9999",
          "/users/U-404",
          "/users/U-404/preferences",
          "/billing/invoices/I-9999"
        }) {
      HttpResponse<String> response = call("GET", path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(JSON.readTree(response.body()).get("type").asString())
          .isEqualTo("urn:fleet:problem:not-found");
    }
  }

  @Test
  void theVehicleViewLeavesOutTheMonolithsFleetCode() throws Exception {
    JsonNode vehicle = JSON.readTree(call("GET", "/vehicles/V-001", null).body());
    assertThat(vehicle.has("fleetCode")).isFalse();
    assertThat(vehicle.get("id").asString()).isEqualTo("V-001");
  }
}
