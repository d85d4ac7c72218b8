package dev.ficus.compare.lift;

import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.rules.CompareRules;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Lifts a body by its format ({@link BodyFormats}): JSON, XML, HTML and forms to documents, text to
 * lines, anything else to length and hash. A body that claims a format but does not read as it is
 * compared as text, so the difference is still seen.
 */
public final class BodyLifter {

  private BodyLifter() {}

  /**
   * @throws BodyTooDeepException when the body nests deeper than the comparison goes
   */
  public static LiftedBody lift(Body body) {
    return lift(body, CompareRules.ofDefaults());
  }

  /**
   * Lifts the body as the route's rules ask.
   *
   * @throws BodyTooDeepException when the body nests deeper than the comparison goes
   */
  public static LiftedBody lift(Body body, CompareRules rules) {
    if (body == null || body.isEmpty()) {
      return new LiftedBody.Empty();
    }
    BodyFormat<?> format = BodyFormats.of(body);
    if (format == null) {
      return new LiftedBody.Opaque(body.length(), sha256(body.bytes()));
    }
    try {
      return structured(format, body, rules);
    } catch (UnreadableBody e) {
      if (e.tooDeep()) {
        throw new BodyTooDeepException(e.getMessage());
      }
      return new LiftedBody.Structured<>(BodyFormats.TEXT, BodyFormats.TEXT.lift(body));
    }
  }

  private static <T> LiftedBody structured(BodyFormat<T> format, Body body, CompareRules rules)
      throws UnreadableBody {
    return new LiftedBody.Structured<>(format, format.lift(body, rules));
  }

  /** Whether the body is JSON by its content type (or, without one, by its first byte). */
  public static boolean isJsonBody(Body body) {
    return BodyFormats.of(body) == BodyFormats.JSON;
  }

  /**
   * {@code application/json}, {@code application/problem+json}, {@code application/vnd.x+json}, ...
   */
  public static boolean isJson(String contentType) {
    return BodyFormats.JSON.accepts(MediaTypes.mediaType(contentType));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
