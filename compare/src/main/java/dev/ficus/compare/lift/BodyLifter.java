package dev.ficus.compare.lift;

import dev.ficus.compare.diff.JsonLimits;
import dev.ficus.compare.exchange.Body;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Lifts a body by its content type: JSON to a tree, text to a string, anything else to length and
 * hash. A body that claims to be JSON but does not parse is compared as text, so the difference is
 * still seen.
 */
public final class BodyLifter {

  private static final ObjectMapper JSON = JsonLimits.mapper();

  private BodyLifter() {}

  public static LiftedBody lift(Body body) {
    if (body == null || body.isEmpty()) {
      return new LiftedBody.Empty();
    }
    String type = body.contentType() == null ? "" : body.contentType().toLowerCase(Locale.ROOT);
    if (isJson(type) || (type.isEmpty() && looksLikeJson(body.bytes()))) {
      try {
        return new LiftedBody.Json(JSON.readTree(body.bytes()));
      } catch (JacksonException e) {
        return new LiftedBody.Text(new String(body.bytes(), StandardCharsets.UTF_8));
      }
    }
    if (isText(type)) {
      return new LiftedBody.Text(new String(body.bytes(), StandardCharsets.UTF_8));
    }
    return new LiftedBody.Opaque(body.length(), sha256(body.bytes()));
  }

  /** Whether the body is JSON by its content type (or, without one, by its first byte). */
  public static boolean isJsonBody(Body body) {
    String type = body.contentType() == null ? "" : body.contentType().toLowerCase(Locale.ROOT);
    return isJson(type) || (type.isEmpty() && looksLikeJson(body.bytes()));
  }

  /**
   * {@code application/json}, {@code application/problem+json}, {@code application/vnd.x+json}, ...
   */
  public static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return mime.equals("application/json") || mime.endsWith("+json") || mime.equals("text/json");
  }

  private static boolean isText(String contentType) {
    return contentType.startsWith("text/")
        || contentType.contains("xml")
        || contentType.startsWith("application/x-www-form-urlencoded")
        || contentType.startsWith("application/javascript");
  }

  private static boolean looksLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '{' || b == '[') {
        return true;
      }
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return false;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
