package dev.ficus.fleet.monolith;

import dev.ficus.fleet.Fares;
import dev.ficus.fleet.FleetFixture;
import dev.ficus.fleet.FleetFixture.Invoice;
import dev.ficus.fleet.FleetFixture.Trip;
import dev.ficus.fleet.FleetFixture.User;
import dev.ficus.fleet.FleetFixture.Vehicle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the legacy monolith's stand-in: WireMock mappings that answer in the monolith's own old
 * API ({@code /legacy/api/v1/...}, snake_case, epoch milliseconds, numbers as strings, the status
 * code as a field of an HTTP 200), from the shared fleet fixture. Every answer carries a fresh
 * {@code request_id} and {@code server_time}; the fleet status is slow; the monolith validates its
 * writes itself. The files under {@code legacy-adapter/monolith/mappings} are this class's output,
 * checked by {@link MonolithMappingsTest}.
 */
public final class MonolithMappings {

  static final String API = "/legacy/api/v1";

  /** How long the monolith takes to count its fleet. */
  static final int SLOW_MILLIS = 250;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final JsonMapper COMPACT = JsonMapper.builder().build();
  private static final String ENVELOPE =
      "\"request_id\":\"{{randomValue type='UUID'}}\",\"server_time\":{{now format='epoch'}},";
  private static final String USER_IDS = "U-(0[0-9][1-9]|0[1-9]0|100)";
  private static final String VEHICLE_IDS = "V-0(0[1-9]|[1-5][0-9]|60)";
  private static final String DISTANCE = "(?!0+(\\.0+)?$)[0-9]{1,3}(\\.[0-9]{1,2})?";

  private MonolithMappings() {}

  /** File name to content, for {@code monolith/mappings}. */
  public static Map<String, String> files() {
    FleetFixture fixture = FleetFixture.generate();
    Map<String, String> files = new LinkedHashMap<>();
    files.put("vehicles.json", write(vehicles(fixture)));
    files.put("trips.json", write(trips(fixture)));
    files.put("users.json", write(users(fixture)));
    files.put("billing.json", write(billing(fixture)));
    files.put("billing-soap.json", write(billingSoap(fixture)));
    return files;
  }

  private static String write(ArrayNode mappings) {
    ObjectNode root = NODES.objectNode();
    root.set("mappings", mappings);
    return JSON.writeValueAsString(root) + "\n";
  }

  // --- vehicles ---------------------------------------------------------------------------------

  private static ArrayNode vehicles(FleetFixture fixture) {
    ArrayNode mappings = NODES.arrayNode();
    ArrayNode list = NODES.arrayNode();
    fixture.vehicles().forEach(v -> list.add(vehicle(v)));
    mappings.add(
        get(
            API + "/vehicles",
            1,
            ok("\"vehicle_count\":\"" + list.size() + "\",\"vehicles\":" + compact(list))));
    for (Vehicle vehicle : fixture.vehicles()) {
      mappings.add(
          get(
              API + "/vehicles/" + vehicle.id(),
              1,
              ok("\"vehicle\":" + compact(vehicle(vehicle)))));
      ObjectNode diagnostics = NODES.objectNode();
      diagnostics.put("vehicle_id", vehicle.id());
      diagnostics.put("battery_health_pct", Integer.toString(vehicle.batteryHealth()));
      ArrayNode tires = diagnostics.putArray("tire_bar");
      vehicle.tirePressureBar().forEach(p -> tires.add(p.toPlainString()));
      ArrayNode faults = diagnostics.putArray("fault_codes");
      vehicle.faults().forEach(faults::add);
      diagnostics.put("checked_ms", vehicle.lastSeenAt().toEpochMilli());
      mappings.add(
          get(
              API + "/vehicles/" + vehicle.id() + "/diagnostics",
              1,
              ok("\"diag\":" + compact(diagnostics))));
    }
    mappings.add(getPattern(API + "/vehicles/[^/]+", 9, error(404, "no such vehicle", null)));
    mappings.add(
        getPattern(API + "/vehicles/[^/]+/diagnostics", 9, error(404, "no such vehicle", null)));
    ObjectNode counts = NODES.objectNode();
    for (FleetFixture.VehicleStatus status : FleetFixture.VehicleStatus.values()) {
      counts.put(
          status.name().toLowerCase(Locale.ROOT),
          Long.toString(fixture.vehicles().stream().filter(v -> v.status() == status).count()));
    }
    double average =
        fixture.vehicles().stream().mapToInt(Vehicle::batteryLevel).average().orElse(0);
    ObjectNode status =
        get(
            API + "/fleet/status",
            1,
            ok(
                "\"total_vehicles\":\""
                    + fixture.vehicles().size()
                    + "\",\"status_counts\":"
                    + compact(counts)
                    + ",\"avg_battery_pct\":\""
                    + java.math.BigDecimal.valueOf(average)
                        .setScale(1, java.math.RoundingMode.HALF_UP)
                        .toPlainString()
                    + "\""));
    ((ObjectNode) status.get("response")).put("fixedDelayMilliseconds", SLOW_MILLIS);
    mappings.add(status);
    return mappings;
  }

  static ObjectNode vehicle(Vehicle vehicle) {
    ObjectNode node = NODES.objectNode();
    node.put("vehicle_id", vehicle.id());
    node.put("vin", vehicle.vin());
    node.put("model_name", vehicle.model());
    node.put("vehicle_status", vehicle.status().name().toLowerCase(Locale.ROOT));
    node.put("battery_pct", Integer.toString(vehicle.batteryLevel()));
    node.put("odometer_km", vehicle.odometerKm().toPlainString());
    ObjectNode gps = node.putObject("gps");
    gps.put("lat", vehicle.lat().toPlainString());
    gps.put("lng", vehicle.lon().toPlainString());
    node.put("depot_name", vehicle.depot());
    node.put("fleet_code", vehicle.fleetCode());
    node.put("last_seen_ms", vehicle.lastSeenAt().toEpochMilli());
    return node;
  }

  // --- trips ------------------------------------------------------------------------------------

  private static ArrayNode trips(FleetFixture fixture) {
    ArrayNode mappings = NODES.arrayNode();
    for (Trip trip : fixture.trips()) {
      mappings.add(get(API + "/trips/" + trip.id(), 1, ok("\"trip\":" + compact(trip(trip)))));
      ObjectNode tracking = NODES.objectNode();
      tracking.put("trip_id", trip.id());
      tracking.put("vehicle_id", trip.vehicleId());
      ObjectNode gps = tracking.putObject("gps");
      gps.put("lat", trip.lat().toPlainString());
      gps.put("lng", trip.lon().toPlainString());
      tracking.put("speed_kmh", Integer.toString(trip.speedKmh()));
      tracking.put(
          "updated_ms",
          (trip.endedAt() == null ? trip.startedAt() : trip.endedAt()).toEpochMilli());
      mappings.add(
          get(
              API + "/trips/" + trip.id() + "/tracking",
              1,
              ok("\"tracking\":" + compact(tracking))));
    }
    for (User user : fixture.users()) {
      ArrayNode trips = NODES.arrayNode();
      fixture.trips().stream()
          .filter(trip -> trip.userId().equals(user.id()))
          .forEach(trip -> trips.add(trip(trip)));
      ObjectNode byUser =
          get(
              API + "/trips",
              1,
              ok("\"trip_count\":\"" + trips.size() + "\",\"trips\":" + compact(trips)));
      ((ObjectNode) byUser.get("request"))
          .putObject("queryParameters")
          .putObject("user_id")
          .put("equalTo", user.id());
      mappings.add(byUser);
    }
    ObjectNode unknownUser = get(API + "/trips", 5, ok("\"trip_count\":\"0\",\"trips\":[]"));
    ((ObjectNode) unknownUser.get("request"))
        .putObject("queryParameters")
        .putObject("user_id")
        .put("matches", ".+");
    mappings.add(unknownUser);
    mappings.add(get(API + "/trips", 9, error(400, "user_id is required", "user_id")));
    mappings.add(getPattern(API + "/trips/[^/]+", 9, error(404, "no such trip", null)));
    mappings.add(getPattern(API + "/trips/[^/]+/tracking", 9, error(404, "no such trip", null)));
    // Trips booked through the stand-in, kept by its extension (BookedTrips) and read back from it.
    ObjectNode bookedTrip =
        getPattern(API + "/trips/T-[5-9][0-9]{3}", 5, error(404, "no such trip", null));
    ((ObjectNode) bookedTrip.get("response")).putArray("transformers").add(BookedTrips.NAME);
    mappings.add(bookedTrip);
    // Booking: the monolith checks its input itself, field by field, in this order.
    String fare =
        "{{numberFormat (math 3.50 '+' (math 1.25 '*' (jsonPath request.body '$.distance_km')))"
            + " '0.00' roundingMode='HALF_UP'}}";
    ObjectNode booking =
        post(
            API + "/trips",
            1,
            List.of(
                "$[?(@.user_id =~ /" + USER_IDS + "/)]",
                "$[?(@.vehicle_id =~ /" + VEHICLE_IDS + "/)]",
                "$[?(@.distance_km =~ /" + DISTANCE + "/)]"),
            "{\"status_code\":201,"
                + ENVELOPE
                + "\"trip\":{\"trip_id\":\""
                + BookedTrips.BOOKED
                + "\","
                + "\"user_id\":\"{{jsonPath request.body '$.user_id'}}\","
                + "\"vehicle_id\":\"{{jsonPath request.body '$.vehicle_id'}}\","
                + "\"trip_state\":\"in_progress\","
                + "\"distance_km\":\"{{jsonPath request.body '$.distance_km'}}\","
                + "\"fare_amount\":\""
                + fare
                + "\",\"fare_currency\":\"EUR\",\"start_ms\":{{now format='epoch'}},"
                + "\"end_ms\":null}}");
    // The extension numbers the booking and keeps the trip it answered.
    ((ObjectNode) booking.get("response")).putArray("transformers").add(BookedTrips.NAME);
    booking.putArray("serveEventListeners").addObject().put("name", BookedTrips.NAME);
    mappings.add(booking);
    mappings.add(
        post(
            API + "/trips",
            2,
            List.of("$[?(!(@.user_id =~ /" + USER_IDS + "/))]"),
            error(400, "unknown or missing user_id", "user_id")));
    mappings.add(
        post(
            API + "/trips",
            3,
            List.of("$[?(!(@.vehicle_id =~ /" + VEHICLE_IDS + "/))]"),
            error(400, "unknown or missing vehicle_id", "vehicle_id")));
    mappings.add(
        post(
            API + "/trips",
            4,
            List.of(),
            error(
                400,
                "distance_km must be a positive number with at most two decimals",
                "distance_km")));
    return mappings;
  }

  static ObjectNode trip(Trip trip) {
    ObjectNode node = NODES.objectNode();
    node.put("trip_id", trip.id());
    node.put("user_id", trip.userId());
    node.put("vehicle_id", trip.vehicleId());
    node.put("trip_state", trip.status().name().toLowerCase(Locale.ROOT));
    node.put("distance_km", trip.distanceKm().toPlainString());
    node.put("fare_amount", Fares.legacy(trip.distanceKm()).toPlainString());
    node.put("fare_currency", Fares.CURRENCY);
    node.put("start_ms", trip.startedAt().toEpochMilli());
    if (trip.endedAt() == null) {
      node.putNull("end_ms");
    } else {
      node.put("end_ms", trip.endedAt().toEpochMilli());
    }
    return node;
  }

  // --- users ------------------------------------------------------------------------------------

  private static ArrayNode users(FleetFixture fixture) {
    ArrayNode mappings = NODES.arrayNode();
    for (User user : fixture.users()) {
      ObjectNode node = NODES.objectNode();
      node.put("user_id", user.id());
      node.put("full_name", user.name());
      node.put("email_address", user.email());
      node.put("tier_code", user.tier().toLowerCase(Locale.ROOT));
      node.put("created_ms", user.createdAt().toEpochMilli());
      mappings.add(get(API + "/users/" + user.id(), 1, ok("\"user\":" + compact(node))));
      ObjectNode prefs = NODES.objectNode();
      prefs.put("user_id", user.id());
      prefs.put("lang", user.preferences().language());
      prefs.put("notify", user.preferences().notifications() ? "Y" : "N");
      prefs.put("preferred_model", user.preferences().preferredModel());
      mappings.add(
          get(API + "/users/" + user.id() + "/preferences", 1, ok("\"prefs\":" + compact(prefs))));
    }
    mappings.add(getPattern(API + "/users/[^/]+", 9, error(404, "no such user", null)));
    mappings.add(getPattern(API + "/users/[^/]+/preferences", 9, error(404, "no such user", null)));
    String path = API + "/users/(" + USER_IDS + ")/preferences";
    mappings.add(
        put(
            path,
            1,
            List.of("$[?(@.lang =~ /(en|de|fr|nl)/)]", "$[?(@.notify =~ /[YN]/)]"),
            "{\"status_code\":200,"
                + ENVELOPE
                + "\"prefs\":{\"user_id\":\"{{request.pathSegments.[4]}}\","
                + "\"lang\":\"{{jsonPath request.body '$.lang'}}\","
                + "\"notify\":\"{{jsonPath request.body '$.notify'}}\","
                + "\"preferred_model\":\"{{jsonPath request.body '$.preferred_model'}}\"}}"));
    mappings.add(
        put(
            path,
            2,
            List.of("$[?(!(@.lang =~ /(en|de|fr|nl)/))]"),
            error(400, "lang must be one of en, de, fr, nl", "lang")));
    mappings.add(put(path, 3, List.of(), error(400, "notify must be Y or N", "notify")));
    mappings.add(
        put(API + "/users/[^/]+/preferences", 9, List.of(), error(404, "no such user", null)));
    return mappings;
  }

  // --- billing ----------------------------------------------------------------------------------

  private static ArrayNode billing(FleetFixture fixture) {
    ArrayNode mappings = NODES.arrayNode();
    Map<String, Trip> trips = fixture.tripsById();
    for (Invoice invoice : fixture.invoices()) {
      ObjectNode node = NODES.objectNode();
      node.put("invoice_no", invoice.id());
      node.put("trip_id", invoice.tripId());
      node.put("user_id", invoice.userId());
      node.put("amount", Fares.legacy(trips.get(invoice.tripId()).distanceKm()).toPlainString());
      node.put("currency", Fares.CURRENCY);
      node.put("invoice_state", invoice.status().toLowerCase(Locale.ROOT));
      node.put("issued_ms", invoice.issuedAt().toEpochMilli());
      mappings.add(get(API + "/invoices/" + invoice.id(), 1, ok("\"invoice\":" + compact(node))));
    }
    mappings.add(getPattern(API + "/invoices/[^/]+", 9, error(404, "no such invoice", null)));
    mappings.add(
        post(
            API + "/billing/calculate",
            1,
            List.of("$[?(@.distance_km =~ /" + DISTANCE + "/)]"),
            "{\"status_code\":200,"
                + ENVELOPE
                + "\"distance_km\":\"{{jsonPath request.body '$.distance_km'}}\","
                + "\"fare_amount\":\"{{numberFormat (math 3.50 '+' (math 1.25 '*'"
                + " (jsonPath request.body '$.distance_km'))) '0.00' roundingMode='HALF_UP'}}\","
                + "\"currency\":\"EUR\"}"));
    mappings.add(
        post(
            API + "/billing/calculate",
            2,
            List.of(),
            error(
                400,
                "distance_km must be a positive number with at most two decimals",
                "distance_km")));
    return mappings;
  }

  // --- billing's SOAP service
  // ---------------------------------------------------------------------

  /** Where the monolith's SOAP service for accounting systems listens. */
  static final String SOAP = "/legacy/soap/billing";

  /** The monolith's billing namespace. */
  static final String BILLING_NS = "urn:fleet:billing:1";

  /** How long the monolith gives a customer to pay an invoice. */
  static final int DUE_DAYS = 30;

  /**
   * The monolith's SOAP 1.1 service for accounting systems: {@code GetInvoiceStatus} (a read) and
   * {@code SettleInvoice} (a write), both posted to one address, the operation named by the
   * SOAPAction header; an unknown invoice is a SOAP Fault. Its own prefixes and indentation, the
   * server's time in the SOAP header.
   */
  private static ArrayNode billingSoap(FleetFixture fixture) {
    ArrayNode mappings = NODES.arrayNode();
    for (Invoice invoice : fixture.invoices()) {
      ObjectNode stub = soapStub("GetInvoiceStatus", 1, 200);
      // WireMock's form for an XPath whose value must match: the expression and its matcher in one
      // object; an equalTo beside a plain matchesXPath is ignored and every stub would match.
      ObjectNode xpath =
          ((ObjectNode) stub.get("request"))
              .putArray("bodyPatterns")
              .addObject()
              .putObject("matchesXPath");
      xpath.put("expression", "//*[local-name()='invoiceNo']/text()");
      xpath.put("equalTo", invoice.id());
      ((ObjectNode) stub.get("response"))
          .put(
              "body",
              soapEnvelope(
                  "    <bil:GetInvoiceStatusResponse>\n"
                      + "      <bil:invoice number=\""
                      + invoice.id()
                      + "\" state=\""
                      + invoice.status().toLowerCase(Locale.ROOT)
                      + "\">\n"
                      + "        <bil:trip>"
                      + invoice.tripId()
                      + "</bil:trip>\n"
                      + "        <bil:user>"
                      + invoice.userId()
                      + "</bil:user>\n"
                      + "        <bil:issued>"
                      + invoice.issuedAt()
                      + "</bil:issued>\n"
                      + "        <bil:due>"
                      + invoice.issuedAt().plus(java.time.Duration.ofDays(DUE_DAYS))
                      + "</bil:due>\n"
                      + "      </bil:invoice>\n"
                      + "    </bil:GetInvoiceStatusResponse>\n"));
      mappings.add(stub);
    }
    ObjectNode unknown = soapStub("GetInvoiceStatus", 9, 500);
    ((ObjectNode) unknown.get("response"))
        .put(
            "body",
            soapEnvelope(
                "    <soapenv:Fault>\n"
                    + "      <faultcode>soapenv:Client</faultcode>\n"
                    + "      <faultstring>no such invoice</faultstring>\n"
                    + "    </soapenv:Fault>\n"));
    mappings.add(unknown);
    ObjectNode settle = soapStub("SettleInvoice", 1, 200);
    ((ObjectNode) settle.get("response"))
        .put(
            "body",
            soapEnvelope(
                "    <bil:SettleInvoiceResponse>\n"
                    + "      <bil:accepted>true</bil:accepted>\n"
                    + "    </bil:SettleInvoiceResponse>\n"));
    mappings.add(settle);
    return mappings;
  }

  private static ObjectNode soapStub(String action, int priority, int status) {
    ObjectNode stub = NODES.objectNode();
    stub.put("priority", priority);
    ObjectNode request = stub.putObject("request");
    request.put("method", "POST");
    request.put("urlPath", SOAP);
    request.putObject("headers").putObject("SOAPAction").put("matches", "\"?" + action + "\"?");
    ObjectNode response = stub.putObject("response");
    response.put("status", status);
    response.putObject("headers").put("Content-Type", "text/xml; charset=utf-8");
    return stub;
  }

  private static String soapEnvelope(String body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
        + " xmlns:bil=\""
        + BILLING_NS
        + "\">\n"
        + "  <soapenv:Header>\n"
        + "    <bil:ServerTime>{{now format='epoch'}}</bil:ServerTime>\n"
        + "  </soapenv:Header>\n"
        + "  <soapenv:Body>\n"
        + body
        + "  </soapenv:Body>\n"
        + "</soapenv:Envelope>\n";
  }

  // --- stub building ----------------------------------------------------------------------------

  private static String ok(String fields) {
    return "{\"status_code\":200," + ENVELOPE + fields + "}";
  }

  /** The monolith's way to fail: HTTP 200 with the status code and message as fields. */
  private static String error(int status, String message, String field) {
    return "{\"status_code\":"
        + status
        + ","
        + ENVELOPE
        + "\"error_message\":\""
        + message
        + "\""
        + (field == null ? "" : ",\"error_field\":\"" + field + "\"")
        + "}";
  }

  private static String compact(Object node) {
    return COMPACT.writeValueAsString(node);
  }

  private static ObjectNode get(String path, int priority, String body) {
    return stub("GET", "urlPath", path, priority, List.of(), body);
  }

  private static ObjectNode getPattern(String pattern, int priority, String body) {
    return stub("GET", "urlPathPattern", pattern, priority, List.of(), body);
  }

  private static ObjectNode post(String path, int priority, List<String> jsonPaths, String body) {
    return stub("POST", "urlPath", path, priority, jsonPaths, body);
  }

  private static ObjectNode put(String pattern, int priority, List<String> jsonPaths, String body) {
    return stub("PUT", "urlPathPattern", pattern, priority, jsonPaths, body);
  }

  private static ObjectNode stub(
      String method,
      String matcher,
      String path,
      int priority,
      List<String> jsonPaths,
      String body) {
    ObjectNode stub = NODES.objectNode();
    stub.put("priority", priority);
    ObjectNode request = stub.putObject("request");
    request.put("method", method);
    request.put(matcher, path);
    if (!jsonPaths.isEmpty()) {
      ArrayNode patterns = request.putArray("bodyPatterns");
      jsonPaths.forEach(p -> patterns.addObject().put("matchesJsonPath", p));
    }
    ObjectNode response = stub.putObject("response");
    response.put("status", 200);
    response.putObject("headers").put("Content-Type", "application/json");
    response.put("body", body);
    return stub;
  }
}
