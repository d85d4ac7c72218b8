package dev.ficus.fleet.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.fleet.Fares;
import dev.ficus.fleet.FleetFixture;
import java.math.BigDecimal;
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

/** The adapter translates the monolith's old answers, and its errors, into the public contract. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TranslationIT {

  static final WireMockServer monolith = Monolith.start();
  static final FleetFixture FIXTURE = FleetFixture.generate();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void monolith(DynamicPropertyRegistry registry) {
    registry.add("monolith.url", () -> "http://127.0.0.1:" + monolith.port());
  }

  @AfterAll
  static void stop() {
    monolith.stop();
  }

  HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(String path) throws Exception {
    HttpResponse<String> response = call("GET", path, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  void aVehicleReadsInThePublicContractsNamesTypesAndTimes() throws Exception {
    FleetFixture.Vehicle expected = FIXTURE.vehiclesById().get("V-007");

    JsonNode vehicle = json("/vehicles/V-007");

    assertThat(vehicle.get("id").asString()).isEqualTo("V-007");
    assertThat(vehicle.get("status").asString()).isEqualTo(expected.status().name());
    assertThat(vehicle.get("batteryLevel").isInt()).isTrue();
    assertThat(vehicle.get("batteryLevel").asInt()).isEqualTo(expected.batteryLevel());
    assertThat(vehicle.get("odometerKm").decimalValue())
        .isEqualByComparingTo(expected.odometerKm());
    assertThat(vehicle.get("location").get("lon").decimalValue())
        .isEqualByComparingTo(expected.lon());
    assertThat(vehicle.get("lastSeenAt").asString()).isEqualTo(expected.lastSeenAt().toString());
    assertThat(vehicle.get("fleetCode").asString()).isEqualTo(expected.fleetCode());
    assertThat(vehicle.get("requestId").asString()).hasSize(36);
    assertThat(vehicle.has("vehicle_id")).isFalse();
  }

  @Test
  void aTripCarriesTheMonolithsFareAndStateInPublicForm() throws Exception {
    FleetFixture.Trip expected = FIXTURE.trips().get(0);

    JsonNode trip = json("/trips/" + expected.id());

    assertThat(trip.get("status").asString()).isEqualTo(expected.status().name());
    assertThat(trip.get("distanceKm").decimalValue()).isEqualByComparingTo(expected.distanceKm());
    assertThat(trip.get("fare").get("amount").decimalValue())
        .isEqualByComparingTo(Fares.legacy(expected.distanceKm()));
    assertThat(trip.get("startedAt").asString()).isEqualTo(expected.startedAt().toString());
    JsonNode list = json("/trips?userId=" + expected.userId());
    assertThat(list.get("count").asInt()).isEqualTo(list.get("items").size()).isPositive();
  }

  @Test
  void writesAreTranslatedBothWays() throws Exception {
    HttpResponse<String> booked =
        call(
            "POST", "/trips", "{\"userId\":\"U-001\",\"vehicleId\":\"V-001\",\"distanceKm\":1.30}");
    assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
    JsonNode trip = JSON.readTree(booked.body());
    assertThat(trip.get("status").asString()).isEqualTo("IN_PROGRESS");
    // The monolith rounds half up: 3.50 + 1.25 x 1.30 = 5.125 -> 5.13.
    assertThat(trip.get("fare").get("amount").decimalValue())
        .isEqualByComparingTo(new BigDecimal("5.13"));

    // The stand-in keeps what it booked: the trip reads back as it was answered, under its own id.
    assertThat(trip.get("id").asString()).matches("T-[5-9]\\d{3}");
    JsonNode readBack = json("/trips/" + trip.get("id").asString());
    for (String field : new String[] {"id", "userId", "vehicleId", "status", "distanceKm"}) {
      assertThat(readBack.get(field)).as(field).isEqualTo(trip.get(field));
    }
    assertThat(readBack.get("fare")).isEqualTo(trip.get("fare"));
    HttpResponse<String> second =
        call("POST", "/trips", "{\"userId\":\"U-002\",\"vehicleId\":\"V-002\",\"distanceKm\":2}");
    assertThat(JSON.readTree(second.body()).get("id").asString())
        .as("every booking its own trip")
        .isNotEqualTo(trip.get("id").asString());
    assertThat(call("GET", "/trips/T-9999", null).statusCode()).isEqualTo(404);

    HttpResponse<String> preferences =
        call("PUT", "/users/U-003/preferences", "{\"language\":\"nl\",\"notifications\":false}");
    assertThat(preferences.statusCode()).as(preferences.body()).isEqualTo(200);
    assertThat(JSON.readTree(preferences.body()).get("notifications").asBoolean()).isFalse();
    assertThat(JSON.readTree(preferences.body()).get("language").asString()).isEqualTo("nl");
  }

  @Test
  void theMonolithsErrorFieldsBecomeProblemDetails() throws Exception {
    HttpResponse<String> missing = call("GET", "/users/U-999", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(missing.body()).get("detail").asString())
        .isEqualTo("user U-999 does not exist");

    HttpResponse<String> badVehicle =
        call("POST", "/trips", "{\"userId\":\"U-001\",\"vehicleId\":\"V-999\",\"distanceKm\":2}");
    assertThat(badVehicle.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badVehicle.body()).get("field").asString()).isEqualTo("vehicleId");

    HttpResponse<String> badLanguage =
        call("PUT", "/users/U-003/preferences", "{\"language\":\"xx\",\"notifications\":true}");
    assertThat(JSON.readTree(badLanguage.body()).get("field").asString()).isEqualTo("language");

    HttpResponse<String> noBody = call("POST", "/billing/calculate", "not json");
    assertThat(noBody.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(noBody.body()).get("field").asString()).isEqualTo("body");
  }
}
