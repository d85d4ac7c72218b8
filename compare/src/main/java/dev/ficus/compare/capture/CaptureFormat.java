package dev.ficus.compare.capture;

import dev.ficus.compare.Side;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The capture schema, version 1: one JSON object per line. See {@code docs/capture-and-replay.md}
 * for the field reference. Readers accept any {@code ficus.capture/1.x}; a later major version is
 * refused with a message saying so.
 */
public final class CaptureFormat {

  /** The value of every record's {@code schema} field. */
  public static final String SCHEMA = "ficus.capture/1";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CaptureFormat() {}

  /** The record as one line of JSON, without the line break. */
  public static String write(CapturedExchange captured) {
    return JSON.writeValueAsString(toJson(captured));
  }

  static ObjectNode toJson(CapturedExchange captured) {
    RecordedExchange exchange = captured.exchange();
    ObjectNode node = NODES.objectNode();
    node.put("schema", SCHEMA);
    node.put("time", exchange.time() == null ? null : exchange.time().toString());
    node.put("route", exchange.routeId());
    node.put("serving", exchange.servingSide() == null ? null : exchange.servingSide().label());
    node.put("user", exchange.userHash());
    node.put("trace", exchange.traceId());
    node.put("outcome", captured.outcome());
    if (!captured.differences().isEmpty()) {
      ArrayNode paths = node.putArray("differences");
      captured.differences().forEach(paths::add);
    }
    RecordedRequest request = exchange.request();
    ObjectNode req = node.putObject("request");
    req.put("method", request.method());
    req.put("path", request.path());
    req.put("query", request.query());
    req.set("headers", headers(request.headers()));
    req.set("body", body(request.body()));
    node.set("legacy", response(exchange.legacy()));
    node.set("new", response(exchange.fresh()));
    return node;
  }

  private static JsonNode response(RecordedResponse response) {
    if (response == null) {
      return NODES.nullNode();
    }
    ObjectNode node = NODES.objectNode();
    if (response.failed()) {
      node.put("error", response.error());
    } else {
      node.put("status", response.status());
      node.set("headers", headers(response.headers()));
      node.set("body", body(response.body()));
    }
    if (response.latency() != null) {
      node.put("latency_ms", response.latency().toNanos() / 1_000_000.0);
    }
    return node;
  }

  private static ObjectNode headers(Map<String, List<String>> headers) {
    ObjectNode node = NODES.objectNode();
    headers.forEach(
        (name, values) -> {
          ArrayNode list = node.putArray(name);
          values.forEach(list::add);
        });
    return node;
  }

  private static JsonNode body(Body body) {
    if (body.isEmpty() && body.bytes().length == 0 && !body.truncated()) {
      return NODES.nullNode();
    }
    ObjectNode node = NODES.objectNode();
    node.put("length", body.length());
    if (body.truncated()) {
      node.put("truncated", true);
    }
    String text = utf8(body.bytes());
    if (text != null) {
      node.put("text", text);
    } else {
      node.put("base64", Base64.getEncoder().encodeToString(body.bytes()));
    }
    return node;
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Reads one line.
   *
   * @throws CaptureFormatException naming the field that is missing or wrong
   */
  public static CapturedExchange read(String line) throws CaptureFormatException {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JacksonException e) {
      throw new CaptureFormatException("not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new CaptureFormatException("not a JSON object");
    }
    String schema = text(node, "schema");
    if (schema == null) {
      throw new CaptureFormatException("no 'schema' field; is this a Ficus capture file?");
    }
    if (!schema.equals(SCHEMA) && !schema.startsWith(SCHEMA + ".")) {
      throw new CaptureFormatException(
          "schema '" + schema + "' is not supported; this version of Ficus reads " + SCHEMA + ".x");
    }
    JsonNode req = node.get("request");
    if (req == null || !req.isObject()) {
      throw new CaptureFormatException("no 'request' object");
    }
    String method = text(req, "method");
    String path = text(req, "path");
    if (method == null || method.isBlank() || path == null || !path.startsWith("/")) {
      throw new CaptureFormatException("'request' needs a method and a path starting with '/'");
    }
    Map<String, List<String>> requestHeaders = headers(req.get("headers"), "request.headers");
    RecordedRequest request =
        new RecordedRequest(
            method.toUpperCase(Locale.ROOT),
            path,
            text(req, "query"),
            requestHeaders,
            body(req.get("body"), first(requestHeaders, "content-type"), "request.body"));
    List<String> differences = new ArrayList<>();
    JsonNode paths = node.get("differences");
    if (paths != null && paths.isArray()) {
      paths.forEach(p -> differences.add(p.asString()));
    }
    RecordedExchange exchange =
        new RecordedExchange(
            request,
            response(node.get("legacy"), "legacy"),
            response(node.get("new"), "new"),
            text(node, "route"),
            side(text(node, "serving")),
            text(node, "user"),
            text(node, "trace"),
            time(text(node, "time")));
    return new CapturedExchange(exchange, text(node, "outcome"), differences);
  }

  private static RecordedResponse response(JsonNode node, String field)
      throws CaptureFormatException {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new CaptureFormatException("'" + field + "' must be an object or null");
    }
    JsonNode latencyNode = node.get("latency_ms");
    Duration latency =
        latencyNode == null || !latencyNode.isNumber()
            ? null
            : Duration.ofNanos((long) (latencyNode.asDouble() * 1_000_000));
    String error = text(node, "error");
    if (error != null) {
      return RecordedResponse.failed(error, latency);
    }
    JsonNode status = node.get("status");
    if (status == null
        || !status.canConvertToInt()
        || status.asInt() < 100
        || status.asInt() > 599) {
      throw new CaptureFormatException("'" + field + ".status' must be an HTTP status (100-599)");
    }
    Map<String, List<String>> headers = headers(node.get("headers"), field + ".headers");
    return RecordedResponse.answered(
        status.asInt(),
        headers,
        body(node.get("body"), first(headers, "content-type"), field + ".body"),
        latency);
  }

  private static Map<String, List<String>> headers(JsonNode node, String field)
      throws CaptureFormatException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return headers;
    }
    if (!node.isObject()) {
      throw new CaptureFormatException("'" + field + "' must be an object of name -> [values]");
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      List<String> values = new ArrayList<>();
      if (entry.getValue().isArray()) {
        entry.getValue().forEach(v -> values.add(v.asString()));
      } else {
        values.add(entry.getValue().asString());
      }
      headers.put(entry.getKey().toLowerCase(Locale.ROOT), values);
    }
    return headers;
  }

  private static Body body(JsonNode node, String contentType, String field)
      throws CaptureFormatException {
    if (node == null || node.isNull()) {
      return Body.empty(contentType);
    }
    if (!node.isObject()) {
      throw new CaptureFormatException("'" + field + "' must be an object or null");
    }
    byte[] bytes;
    if (node.hasNonNull("text")) {
      bytes = node.get("text").asString().getBytes(StandardCharsets.UTF_8);
    } else if (node.hasNonNull("base64")) {
      try {
        bytes = Base64.getDecoder().decode(node.get("base64").asString());
      } catch (IllegalArgumentException e) {
        throw new CaptureFormatException("'" + field + ".base64' is not Base64");
      }
    } else {
      bytes = new byte[0];
    }
    JsonNode length = node.get("length");
    boolean truncated = node.path("truncated").asBoolean(false);
    return new Body(
        bytes,
        contentType,
        length != null && length.canConvertToLong() ? length.asLong() : bytes.length,
        truncated);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static Side side(String label) throws CaptureFormatException {
    if (label == null) {
      return null;
    }
    for (Side side : Side.values()) {
      if (side.label().equals(label)) {
        return side;
      }
    }
    throw new CaptureFormatException("'serving' must be legacy or new, was '" + label + "'");
  }

  private static Instant time(String text) throws CaptureFormatException {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new CaptureFormatException("'time' must be an ISO-8601 instant, was '" + text + "'");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }
}
