package dev.ficus.gateway.fleet;

import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON bodies of the admin API's changes (stage, rollback, autopilot): an object of known
 * fields, or nothing; a bad one is a {@link StageChangeException} naming the field.
 */
public final class RequestBodies {

  private static final JsonMapper JSON = JsonMapper.builder().build();

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

  public static String reason(JsonNode request) {
    return request.has("reason") ? request.get("reason").asString() : null;
  }
}
