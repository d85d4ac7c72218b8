package dev.ficus.compare.operation;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A method and a path pattern ({@code POST /search/**}): {@code *} stands for any characters within
 * one segment, {@code **} for any number of whole segments.
 */
public record RequestPattern(String method, String path) {

  public RequestPattern {
    if (method == null || method.isBlank()) {
      throw new IllegalArgumentException("a read request needs a method, e.g. POST");
    }
    method = method.trim().toUpperCase(Locale.ROOT);
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException(
          "a read request's path must start with '/', e.g. /search/** (was '" + path + "')");
    }
  }

  public boolean matches(String requestMethod, String requestPath) {
    return method.equalsIgnoreCase(requestMethod) && regex().matcher(requestPath).matches();
  }

  private Pattern regex() {
    StringBuilder regex = new StringBuilder();
    String[] parts = path.split("/", -1);
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      if (part.equals("**")) {
        regex.append("(/.*)?");
        continue;
      }
      regex.append('/');
      for (String piece : part.split("\\*", -1)) {
        regex.append(Pattern.quote(piece)).append("[^/]*");
      }
      regex.setLength(regex.length() - "[^/]*".length());
    }
    return Pattern.compile(regex.length() == 0 ? "/?" : regex.toString());
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
