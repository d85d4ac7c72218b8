package dev.ficus.compare.lift;

import java.nio.charset.Charset;
import java.util.Locale;

/** Reading a {@code Content-Type}: its media type and its charset. */
public final class MediaTypes {

  private MediaTypes() {}

  /** {@code text/xml; charset=utf-8} is {@code text/xml}; null or blank is the empty string. */
  public static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  /** The {@code charset} parameter, or null when there is none or it is not one Java knows. */
  public static Charset charset(String contentType) {
    String value = parameter(contentType, "charset");
    if (value == null) {
      return null;
    }
    try {
      return Charset.forName(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A parameter of the content type ({@code boundary}, {@code action}), unquoted, or null. */
  public static String parameter(String contentType, String name) {
    if (contentType == null) {
      return null;
    }
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].trim();
      int equals = part.indexOf('=');
      if (equals > 0 && part.substring(0, equals).trim().equalsIgnoreCase(name)) {
        String value = part.substring(equals + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return null;
  }
}
