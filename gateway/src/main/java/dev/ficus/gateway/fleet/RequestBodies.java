package dev.ficus.gateway.fleet;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON bodies of the admin API's changes (stage, rollback, autopilot): an object of known
 * fields, or nothing; a bad one is a {@link StageChangeException} naming the field.
 */
public final class RequestBodies {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The largest body the admin API reads. */
  static final int MAX_BYTES = 64 * 1024;

  private RequestBodies() {}

  /** The body as an object with only these fields ({@code reason}, when given, a string). */
  public static JsonNode read(String body, Set<String> fields) throws StageChangeException {
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (JacksonException e) {
      throw StageChangeException.badInput(null, "the body is not JSON: " + e.getOriginalMessage());
    }
    if (!request.isObject()) {
      throw StageChangeException.badInput(
          null, "the body must be a JSON object with " + String.join(", ", fields));
    }
    for (String name : request.propertyNames()) {
      if (!fields.contains(name)) {
        throw StageChangeException.badInput(
            name, "unknown field '" + name + "'; the body takes " + String.join(", ", fields));
      }
    }
    if (request.has("reason") && !request.get("reason").isString()) {
      throw StageChangeException.badInput("reason", "reason must be a string");
    }
    return request;
  }

  /**
   * The body of an admin request as JSON text, whatever way a client sends it: nothing at all
   * (whatever its content type: {@code curl -X POST -d ''} says it is a form), JSON, or, where
   * {@code formAllowed}, a form ({@code curl -d 'reason=bad'}) read as the same fields. A body of
   * another type is refused (415), a body past 64 KB too (413), each as a {@link
   * StageChangeException} naming what to send.
   */
  public static Mono<String> text(ServerWebExchange exchange, boolean formAllowed) {
    MediaType type = exchange.getRequest().getHeaders().getContentType();
    return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_BYTES)
        .map(
            buffer -> {
              try {
                return buffer.toString(StandardCharsets.UTF_8);
              } finally {
                DataBufferUtils.release(buffer);
              }
            })
        .defaultIfEmpty("")
        .onErrorMap(
            DataBufferLimitException.class,
            e ->
                new StageChangeException(
                    413,
                    "urn:ficus:problem:body-too-large",
                    null,
                    "the body is over "
                        + MAX_BYTES / 1024
                        + " KB; the admin API takes a small"
                        + " JSON object such as {\"reason\": \"...\"}"))
        .flatMap(
            body -> {
              try {
                return Mono.just(asJson(body, type, formAllowed));
              } catch (StageChangeException e) {
                return Mono.error(e);
              }
            });
  }

  private static String asJson(String body, MediaType type, boolean formAllowed)
      throws StageChangeException {
    if (body.isBlank() || type == null) {
      return body;
    }
    if (type.isCompatibleWith(MediaType.APPLICATION_JSON)
        || type.getSubtype().endsWith("+json")
        || type.isCompatibleWith(MediaType.TEXT_PLAIN)) {
      return body;
    }
    if (formAllowed && type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)) {
      ObjectNode fields = JSON.createObjectNode();
      for (String pair : body.strip().split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name;
        String value;
        try {
          name =
              URLDecoder.decode(
                  equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
          value =
              equals < 0
                  ? ""
                  : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw StageChangeException.badInput(
              null, "the form is not URL-encoded: " + e.getMessage());
        }
        if (fields.has(name)) {
          throw StageChangeException.badInput(name, "field '" + name + "' is given twice");
        }
        fields.put(name, value);
      }
      return fields.toString();
    }
    throw new StageChangeException(
        415,
        "urn:ficus:problem:unsupported-media-type",
        null,
        "a body of type "
            + type
            + " is not taken here; send JSON (Content-Type: application/json)"
            + (formAllowed ? ", a form (reason=...), or no body at all" : ", or no body at all"));
  }

  public static String reason(JsonNode request) {
    return request.has("reason") ? request.get("reason").asString() : null;
  }
}
