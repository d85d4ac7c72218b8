package dev.ficus.fleet.contract;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.LambdaDslObject;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's public API as the fleet app uses it. The pact this writes ({@code
 * pacts/fleet-app-fleet-api.json}) is what both providers, the legacy adapter and the new services,
 * must honour: proof that either side can serve any request of the app.
 *
 * <p>The app does not read the monolith's {@code fleetCode}, so the contract does not ask for it.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "fleet-api")
class FleetAppContractTest {

  static final String CONSUMER = "fleet-app";
  static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  static final String INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?Z";
  static final String JSON = "application/(problem\\+)?json.*";
  static final JsonMapper MAPPER = JsonMapper.builder().build();

  static Map<String, String> json() {
    return Map.of("Content-Type", "application/json");
  }

  static void envelope(LambdaDslObject body) {
    body.stringMatcher("requestId", UUID, "3f1c2a7e-0d5b-4c1e-9a55-2b8f0e4d7c61");
    body.stringMatcher("servedAt", INSTANT, "2026-11-26T09:30:00.123Z");
  }

  static Consumer<au.com.dius.pact.consumer.dsl.LambdaDslJsonBody> problem(
      String type, int status, String field) {
    return body -> {
      body.stringValue("type", type);
      body.numberValue("status", status);
      body.stringType("title", "Problem");
      body.stringType("detail", "what went wrong");
      if (field != null) {
        body.stringValue("field", field);
      }
    };
  }

  static void vehicle(LambdaDslObject v, String id) {
    v.stringValue("id", id);
    v.stringType("vin", "5YJ3E1EA000107919");
    v.stringType("model", "Aurora L4");
    v.stringMatcher("status", "AVAILABLE|IN_TRIP|CHARGING|MAINTENANCE", "CHARGING");
    v.integerType("batteryLevel", 69);
    v.numberType("odometerKm", 20182.6);
    v.object(
        "location",
        l -> {
          l.numberType("lat", 52.434532);
          l.numberType("lon", 13.117772);
        });
    v.stringType("depot", "Berlin-Mitte");
    v.stringMatcher("lastSeenAt", INSTANT, "2026-11-22T23:11:00Z");
  }

  static void trip(LambdaDslObject t, String id) {
    t.stringValue("id", id);
    t.stringMatcher("userId", "U-\\d{3}", "U-049");
    t.stringMatcher("vehicleId", "V-\\d{3}", "V-003");
    t.stringMatcher("status", "COMPLETED|IN_PROGRESS|CANCELLED", "COMPLETED");
    t.numberType("distanceKm", 1.39);
    t.object(
        "fare",
        f -> {
          f.numberType("amount", 5.24);
          f.stringValue("currency", "EUR");
        });
    t.stringMatcher("startedAt", INSTANT, "2026-09-26T18:50:00Z");
  }

  @Pact(consumer = CONSUMER)
  V4Pact fleetApp(PactDslWithProvider builder) {
    return builder
        // vehicles
        .given("vehicle V-001 exists")
        .uponReceiving("a vehicle")
        .path("/vehicles/V-001")
        .method("GET")
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", JSON, "application/json")
        .body(
            newJsonBody(
                    v -> {
                      vehicle(v, "V-001");
                      envelope(v);
                    })
                .build())
        .given("vehicle V-999 does not exist")
        .uponReceiving("a vehicle that does not exist")
        .path("/vehicles/V-999")
        .method("GET")
        .willRespondWith()
        .status(404)
        .matchHeader("Content-Type", JSON, "application/problem+json")
        .body(newJsonBody(problem("urn:fleet:problem:not-found", 404, null)).build())
        .given("the fleet has vehicles")
        .uponReceiving("the fleet")
        .path("/vehicles")
        .method("GET")
        .willRespondWith()
        .status(200)
        .body(
            newJsonBody(
                    body -> {
                      body.minArrayLike("items", 1, v -> vehicle(v, "V-001"));
                      body.integerType("count", 60);
                      envelope(body);
                    })
                .build())
        .given("the fleet has vehicles")
        .uponReceiving("the fleet's status")
        .path("/fleet/status")
        .method("GET")
        .willRespondWith()
        .status(200)
        .body(
            newJsonBody(
                    body -> {
                      body.integerType("total", 60);
                      body.object(
                          "byStatus",
                          s -> {
                            s.integerType("AVAILABLE", 17);
                            s.integerType("IN_TRIP", 11);
                            s.integerType("CHARGING", 15);
                            s.integerType("MAINTENANCE", 17);
                          });
                      body.numberType("averageBatteryLevel", 54.4);
                      envelope(body);
                    })
                .build())
        .given("vehicle V-002 exists")
        .uponReceiving("a vehicle's diagnostics")
        .path("/diagnostics/V-002")
        .method("GET")
        .willRespondWith()
        .status(200)
        .body(
            newJsonBody(
                    body -> {
                      body.stringValue("vehicleId", "V-002");
                      body.integerType("batteryHealth", 74);
                      body.minArrayLike(
                          "tirePressureBar", 4, PactDslJsonRootValue.decimalType(), 4);
                      body.array("faults", a -> {});
                      body.stringMatcher("checkedAt", INSTANT, "2026-11-24T18:48:00Z");
                      envelope(body);
                    })
                .build())
        // trips
        .given("trip T-0001 exists")
        .uponReceiving("a trip")
        .path("/trips/T-0001")
        .method("GET")
        .willRespondWith()
        .status(200)
        .body(
            newJsonBody(
                    t -> {
                      trip(t, "T-0001");
                      t.stringMatcher("endedAt", INSTANT, "2026-09-26T19:18:00Z");
                      envelope(t);
                    })
                .build())
        .given("user U-001 has trips")
        .uponReceiving("a user's trips")
        .path("/trips")
        .query("userId=U-001")
        .method("GET")
        .willRespondWith()
        .status(200)
        .body(
            newJsonBody(
                    body -> {
                      body.minArrayLike("items", 1, t -> trip(t, "T-0131"));
                      body.integerType("count", 1);
                      envelope(body);
                    })
                .build())
        .uponReceiving("a user's trips without the user")
        .path("/trips")
        .method("GET")
        .willRespondWith()
        .status(400)
        .matchHeader("Content-Type", JSON, "application/problem+json")
        .body(newJsonBody(problem("urn:fleet:problem:invalid-request", 400, "userId")).build())
        .given("user U-001 and vehicle V-001 exist")
        .uponReceiving("a booking")
        .path("/trips")
        .method("POST")
        .headers(json())
        .body("{\"userId\":\"U-001\",\"vehicleId\":\"V-001\",\"distanceKm\":12.34}")
        .willRespondWith()
        .status(201)
        .body(
            newJsonBody(
                    t -> {
                      t.stringMatcher("id", "T-\\d{4}", "T-0201");
                      t.stringValue("userId", "U-001");
                      t.stringValue("vehicleId", "V-001");
                      t.stringValue("status", "IN_PROGRESS");
                      t.numberType("distanceKm", 12.34);
                      t.object(
                          "fare",
                          f -> {
                            f.numberType("amount", 18.92);
                            f.stringValue("currency", "EUR");
                          });
                      t.stringMatcher("startedAt", INSTANT, "2026-11-26T09:30:00Z");
                      envelope(t);
                    })
                .build())
        .given("user U-001 and vehicle V-001 exist")
        .uponReceiving("a booking with a distance that is not a number")
        .path("/trips")
        .method("POST")
        .headers(json())
        .body("{\"userId\":\"U-001\",\"vehicleId\":\"V-001\",\"distanceKm\":\"far\"}")
        .willRespondWith()
        .status(400)
        .matchHeader("Content-Type", JSON, "application/problem+json")
        .body(newJsonBody(problem("urn:fleet:problem:invalid-request", 400, "distanceKm")).build())
        .given("trip T-0001 exists")
        .uponReceiving("a trip's tracking")
        .path("/tracking/T-0001")
        .method("GET")
        .willRespondWith()
        .status(200)
        .body(
            newJsonBody(
                    body -> {
                      body.stringValue("tripId", "T-0001");
                      body.stringMatcher("vehicleId", "V-\\d{3}", "V-003");
                      body.object(
                          "position",
                          p -> {
                            p.numberType("lat", 52.643369);
                            p.numberType("lon", 13.36078);
                          });
                      body.integerType("speedKmh", 0);
                      body.stringMatcher("updatedAt", INSTANT, "2026-09-26T19:18:00Z");
                      envelope(body);
                    })
                .build())
        // users
        .given("user U-001 exists")
        .uponReceiving("a user")
        .path("/users/U-001")
        .method("GET")
        .willRespondWith()
        .status(200)
        .body(
            newJsonBody(
                    body -> {
                      body.stringValue("id", "U-001");
                      body.stringType("name", "Ken Turing");
                      body.stringType("email", "ken.turing1@example.com");
                      body.stringMatcher("tier", "STANDARD|GOLD|PLATINUM", "STANDARD");
                      body.stringMatcher("createdAt", INSTANT, "2026-08-04T06:00:00Z");
                      envelope(body);
                    })
                .build())
        .given("user U-001 exists")
        .uponReceiving("a user's preferences")
        .path("/users/U-001/preferences")
        .method("GET")
        .willRespondWith()
        .status(200)
        .body(
            newJsonBody(
                    body -> {
                      body.stringValue("userId", "U-001");
                      body.stringMatcher("language", "en|de|fr|nl", "de");
                      body.booleanType("notifications", false);
                      body.stringType("preferredModel", "Pico Urban");
                      envelope(body);
                    })
                .build())
        .given("user U-002 exists")
        .uponReceiving("new preferences")
        .path("/users/U-002/preferences")
        .method("PUT")
        .headers(json())
        .body("{\"language\":\"fr\",\"notifications\":true,\"preferredModel\":\"Pico Urban\"}")
        .willRespondWith()
        .status(200)
        .body(
            newJsonBody(
                    body -> {
                      body.stringValue("userId", "U-002");
                      body.stringValue("language", "fr");
                      body.booleanValue("notifications", true);
                      body.stringValue("preferredModel", "Pico Urban");
                      envelope(body);
                    })
                .build())
        .given("user U-002 exists")
        .uponReceiving("preferences in a language the platform does not speak")
        .path("/users/U-002/preferences")
        .method("PUT")
        .headers(json())
        .body("{\"language\":\"xx\",\"notifications\":true}")
        .willRespondWith()
        .status(400)
        .matchHeader("Content-Type", JSON, "application/problem+json")
        .body(newJsonBody(problem("urn:fleet:problem:invalid-request", 400, "language")).build())
        // billing
        .given("invoice I-0001 exists")
        .uponReceiving("an invoice")
        .path("/billing/invoices/I-0001")
        .method("GET")
        .willRespondWith()
        .status(200)
        .body(
            newJsonBody(
                    body -> {
                      body.stringValue("id", "I-0001");
                      body.stringMatcher("tripId", "T-\\d{4}", "T-0001");
                      body.stringMatcher("userId", "U-\\d{3}", "U-049");
                      body.numberType("amount", 5.24);
                      body.stringValue("currency", "EUR");
                      body.stringMatcher("status", "PAID|OPEN", "PAID");
                      body.stringMatcher("issuedAt", INSTANT, "2026-09-26T19:50:00Z");
                      envelope(body);
                    })
                .build())
        .uponReceiving("a fare calculation")
        .path("/billing/calculate")
        .method("POST")
        .headers(json())
        .body("{\"distanceKm\":12.34}")
        .willRespondWith()
        .status(200)
        .body(
            newJsonBody(
                    body -> {
                      body.numberType("distanceKm", 12.34);
                      body.numberType("amount", 18.92);
                      body.stringValue("currency", "EUR");
                      envelope(body);
                    })
                .build())
        .uponReceiving("a fare calculation for no distance")
        .path("/billing/calculate")
        .method("POST")
        .headers(json())
        .body("{\"distanceKm\":0}")
        .willRespondWith()
        .status(400)
        .matchHeader("Content-Type", JSON, "application/problem+json")
        .body(newJsonBody(problem("urn:fleet:problem:invalid-request", 400, "distanceKm")).build())
        .toPact(V4Pact.class);
  }

  /** What the fleet app does with each answer. */
  @Test
  void theFleetAppReadsEveryAnswerItNeeds(MockServer server) throws Exception {
    FleetApi api = new FleetApi(server.getUrl());

    JsonNode vehicle = api.get("/vehicles/V-001", 200);
    assertThat(vehicle.get("status").asString()).isEqualTo("CHARGING");
    assertThat(vehicle.get("location").get("lat").asDouble()).isBetween(-90.0, 90.0);
    assertThat(api.get("/vehicles/V-999", 404).get("type").asString())
        .isEqualTo("urn:fleet:problem:not-found");
    assertThat(api.get("/vehicles", 200).get("items")).isNotEmpty();
    assertThat(api.get("/fleet/status", 200).get("byStatus").get("AVAILABLE").asInt()).isPositive();
    assertThat(api.get("/diagnostics/V-002", 200).get("tirePressureBar")).hasSize(4);
    JsonNode trip = api.get("/trips/T-0001", 200);
    assertThat(trip.get("fare").get("amount").decimalValue()).isPositive();
    assertThat(api.get("/trips?userId=U-001", 200).get("items").get(0).get("userId").asString())
        .startsWith("U-");
    assertThat(api.get("/trips", 400).get("field").asString()).isEqualTo("userId");
    JsonNode booked =
        api.send(
            "POST",
            "/trips",
            "{\"userId\":\"U-001\",\"vehicleId\":\"V-001\",\"distanceKm\":12.34}",
            201);
    assertThat(booked.get("status").asString()).isEqualTo("IN_PROGRESS");
    assertThat(
            api.send(
                    "POST",
                    "/trips",
                    "{\"userId\":\"U-001\",\"vehicleId\":\"V-001\",\"distanceKm\":\"far\"}",
                    400)
                .get("field")
                .asString())
        .isEqualTo("distanceKm");
    assertThat(api.get("/tracking/T-0001", 200).get("position").get("lon").asDouble())
        .isBetween(-180.0, 180.0);
    assertThat(api.get("/users/U-001", 200).get("email").asString()).contains("@");
    assertThat(api.get("/users/U-001/preferences", 200).get("notifications").isBoolean()).isTrue();
    assertThat(
            api.send(
                    "PUT",
                    "/users/U-002/preferences",
                    "{\"language\":\"fr\",\"notifications\":true,\"preferredModel\":\"Pico Urban\"}",
                    200)
                .get("language")
                .asString())
        .isEqualTo("fr");
    assertThat(
            api.send(
                    "PUT",
                    "/users/U-002/preferences",
                    "{\"language\":\"xx\",\"notifications\":true}",
                    400)
                .get("field")
                .asString())
        .isEqualTo("language");
    assertThat(api.get("/billing/invoices/I-0001", 200).get("currency").asString())
        .isEqualTo("EUR");
    assertThat(
            api.send("POST", "/billing/calculate", "{\"distanceKm\":12.34}", 200)
                .get("amount")
                .decimalValue())
        .isPositive();
    assertThat(
            api.send("POST", "/billing/calculate", "{\"distanceKm\":0}", 400)
                .get("field")
                .asString())
        .isEqualTo("distanceKm");
  }

  /** The fleet app's HTTP client, reduced to what the contract exercises. */
  static final class FleetApi {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    FleetApi(String base) {
      this.base = base;
    }

    JsonNode get(String path, int expectedStatus) throws IOException, InterruptedException {
      return check(
          http.send(
              HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
              HttpResponse.BodyHandlers.ofString()),
          expectedStatus);
    }

    JsonNode send(String method, String path, String body, int expectedStatus)
        throws IOException, InterruptedException {
      return check(
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .header("Content-Type", "application/json")
                  .method(method, HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString()),
          expectedStatus);
    }

    private static JsonNode check(HttpResponse<String> response, int expectedStatus) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
      return MAPPER.readTree(response.body());
    }
  }
}
