package dev.ficus.fleet.services.common;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/** Reads and checks the fields of a request body, naming the field that is wrong. */
public final class Fields {

  private Fields() {}

  public static JsonNode object(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw Problems.invalid("body", "the request body must be a JSON object");
    }
    return body;
  }

  public static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw Problems.invalid(field, field + " is required");
    }
    if (!value.isString() || value.asString().isBlank()) {
      throw Problems.invalid(field, field + " must be a non-empty string");
    }
    return value.asString();
  }

  public static BigDecimal positiveNumber(JsonNode body, String field, BigDecimal max) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw Problems.invalid(field, field + " is required");
    }
    if (!value.isNumber()) {
      throw Problems.invalid(field, field + " must be a number");
    }
    BigDecimal number = value.decimalValue();
    if (number.signum() <= 0 || number.compareTo(max) > 0) {
      throw Problems.invalid(field, field + " must be above 0 and at most " + max);
    }
    if (number.stripTrailingZeros().scale() > 2) {
      throw Problems.invalid(field, field + " has at most two decimals");
    }
    return number;
  }

  public static boolean bool(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw Problems.invalid(field, field + " is required");
    }
    if (!value.isBoolean()) {
      throw Problems.invalid(field, field + " must be true or false");
    }
    return value.asBoolean();
  }
}
