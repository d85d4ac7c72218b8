package dev.ficus.fleet.adapter;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two languages, side by side: the monolith's old shapes (snake_case, numbers as strings, epoch
 * milliseconds, lower-case states) and the platform's public contract (camelCase, numbers, ISO-8601
 * times, upper-case states). Pure functions, one per resource.
 */
final class Translation {

  private static final Map<String, String> FIELDS =
      Map.of(
          "user_id", "userId",
          "vehicle_id", "vehicleId",
          "distance_km", "distanceKm",
          "lang", "language",
          "notify", "notifications",
          "preferred_model", "preferredModel");

  private Translation() {}

  /** The public name of a field the monolith names in an error. */
  static String publicField(String legacyField) {
    return FIELDS.getOrDefault(legacyField, legacyField);
  }

  /** The envelope every public answer carries: the monolith's own request id and server time. */
  static Map<String, Object> envelope(JsonNode answer, Map<String, Object> fields) {
    Map<String, Object> body = new LinkedHashMap<>(fields);
    body.put("requestId", answer.path("request_id").asString(null));
    body.put("servedAt", time(answer.get("server_time")));
    return body;
  }

  static Map<String, Object> vehicle(JsonNode v) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", v.path("vehicle_id").asString());
    view.put("vin", v.path("vin").asString());
    view.put("model", v.path("model_name").asString());
    view.put("status", upper(v.path("vehicle_status")));
    view.put("batteryLevel", integer(v.get("battery_pct")));
    view.put("odometerKm", decimal(v.get("odometer_km")));
    view.put("location", position(v.path("gps")));
    view.put("depot", v.path("depot_name").asString());
    view.put("fleetCode", v.path("fleet_code").asString());
    view.put("lastSeenAt", time(v.get("last_seen_ms")));
    return view;
  }

  static Map<String, Object> vehicles(JsonNode answer) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", list(answer.path("vehicles")).stream().map(Translation::vehicle).toList());
    body.put("count", integer(answer.get("vehicle_count")));
    return body;
  }

  static Map<String, Object> fleetStatus(JsonNode answer) {
    Map<String, Object> byStatus = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> count : answer.path("status_counts").properties()) {
      byStatus.put(count.getKey().toUpperCase(Locale.ROOT), integer(count.getValue()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", integer(answer.get("total_vehicles")));
    body.put("byStatus", byStatus);
    body.put("averageBatteryLevel", decimal(answer.get("avg_battery_pct")));
    return body;
  }

  static Map<String, Object> diagnostics(JsonNode d) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("vehicleId", d.path("vehicle_id").asString());
    body.put("batteryHealth", integer(d.get("battery_health_pct")));
    body.put(
        "tirePressureBar", list(d.path("tire_bar")).stream().map(Translation::decimal).toList());
    body.put("faults", list(d.path("fault_codes")).stream().map(JsonNode::asString).toList());
    body.put("checkedAt", time(d.get("checked_ms")));
    return body;
  }

  static Map<String, Object> trip(JsonNode t) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", t.path("trip_id").asString());
    view.put("userId", t.path("user_id").asString());
    view.put("vehicleId", t.path("vehicle_id").asString());
    view.put("status", upper(t.path("trip_state")));
    view.put("distanceKm", decimal(t.get("distance_km")));
    Map<String, Object> fare = new LinkedHashMap<>();
    fare.put("amount", decimal(t.get("fare_amount")));
    fare.put("currency", t.path("fare_currency").asString());
    view.put("fare", fare);
    view.put("startedAt", time(t.get("start_ms")));
    view.put("endedAt", time(t.get("end_ms")));
    return view;
  }

  static Map<String, Object> trips(JsonNode answer) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", list(answer.path("trips")).stream().map(Translation::trip).toList());
    body.put("count", integer(answer.get("trip_count")));
    return body;
  }

  static Map<String, Object> tracking(JsonNode t) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tripId", t.path("trip_id").asString());
    body.put("vehicleId", t.path("vehicle_id").asString());
    body.put("position", position(t.path("gps")));
    body.put("speedKmh", integer(t.get("speed_kmh")));
    body.put("updatedAt", time(t.get("updated_ms")));
    return body;
  }

  static Map<String, Object> user(JsonNode u) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", u.path("user_id").asString());
    body.put("name", u.path("full_name").asString());
    body.put("email", u.path("email_address").asString());
    body.put("tier", upper(u.path("tier_code")));
    body.put("createdAt", time(u.get("created_ms")));
    return body;
  }

  static Map<String, Object> preferences(JsonNode p) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("userId", p.path("user_id").asString());
    body.put("language", p.path("lang").asString());
    body.put("notifications", "Y".equals(p.path("notify").asString()));
    body.put("preferredModel", p.path("preferred_model").asString(null));
    return body;
  }

  static Map<String, Object> invoice(JsonNode i) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", i.path("invoice_no").asString());
    body.put("tripId", i.path("trip_id").asString());
    body.put("userId", i.path("user_id").asString());
    body.put("amount", decimal(i.get("amount")));
    body.put("currency", i.path("currency").asString());
    body.put("status", upper(i.path("invoice_state")));
    body.put("issuedAt", time(i.get("issued_ms")));
    return body;
  }

  static Map<String, Object> fare(JsonNode answer) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("distanceKm", decimal(answer.get("distance_km")));
    body.put("amount", decimal(answer.get("fare_amount")));
    body.put("currency", answer.path("currency").asString());
    return body;
  }

  // --- requests, public to legacy --------------------------------------------------------------

  /** A booking in the monolith's terms. Values are passed on as given; the monolith checks them. */
  static ObjectNode booking(JsonNode request) {
    ObjectNode legacy = JsonNodeFactory.instance.objectNode();
    copy(request, "userId", legacy, "user_id");
    copy(request, "vehicleId", legacy, "vehicle_id");
    numberAsText(request, "distanceKm", legacy, "distance_km");
    return legacy;
  }

  static ObjectNode calculation(JsonNode request) {
    ObjectNode legacy = JsonNodeFactory.instance.objectNode();
    numberAsText(request, "distanceKm", legacy, "distance_km");
    return legacy;
  }

  static ObjectNode preferencesUpdate(JsonNode request) {
    ObjectNode legacy = JsonNodeFactory.instance.objectNode();
    copy(request, "language", legacy, "lang");
    JsonNode notifications = request == null ? null : request.get("notifications");
    if (notifications != null && notifications.isBoolean()) {
      legacy.put("notify", notifications.asBoolean() ? "Y" : "N");
    } else if (notifications != null && !notifications.isNull()) {
      legacy.set("notify", notifications);
    }
    copy(request, "preferredModel", legacy, "preferred_model");
    return legacy;
  }

  private static void copy(JsonNode from, String name, ObjectNode to, String legacyName) {
    JsonNode value = from == null ? null : from.get(name);
    if (value != null && !value.isNull()) {
      to.set(legacyName, value);
    }
  }

  private static void numberAsText(JsonNode from, String name, ObjectNode to, String legacyName) {
    JsonNode value = from == null ? null : from.get(name);
    if (value == null || value.isNull()) {
      return;
    }
    if (value.isNumber()) {
      to.put(legacyName, value.decimalValue().toPlainString());
    } else {
      to.set(legacyName, value);
    }
  }

  // --- values ---------------------------------------------------------------------------------

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> values = new java.util.ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(values::add);
    }
    return values;
  }

  private static Map<String, Object> position(JsonNode gps) {
    Map<String, Object> position = new LinkedHashMap<>();
    position.put("lat", decimal(gps.get("lat")));
    position.put("lon", decimal(gps.get("lng")));
    return position;
  }

  private static String upper(JsonNode value) {
    return value == null || value.isNull() ? null : value.asString().toUpperCase(Locale.ROOT);
  }

  static BigDecimal decimal(JsonNode value) {
    return value == null || value.isNull() ? null : new BigDecimal(value.asString().trim());
  }

  static Integer integer(JsonNode value) {
    return value == null || value.isNull() ? null : Integer.valueOf(value.asString().trim());
  }

  static String time(JsonNode epochMillis) {
    return epochMillis == null || epochMillis.isNull()
        ? null
        : Instant.ofEpochMilli(epochMillis.asLong()).toString();
  }
}
