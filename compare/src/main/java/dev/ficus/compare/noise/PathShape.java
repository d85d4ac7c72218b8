package dev.ficus.compare.noise;

/**
 * The shape of a difference path with array indexes replaced by {@code *}: {@code /vehicles/3/vin}
 * and {@code /vehicles/7/vin} are the same field, counted and learned together. A text body's line
 * ({@code /line/3}) is its own place and keeps its number: a timestamp on line 3 is not noise on
 * every line.
 */
public final class PathShape {

  private PathShape() {}

  public static String of(String path) {
    if (path.isEmpty() || path.charAt(0) != '/' || isTextLine(path)) {
      return path;
    }
    StringBuilder shape = new StringBuilder(path.length());
    int start = 1;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      shape.append('/');
      String segment = path.substring(start, end);
      shape.append(isIndex(segment) ? "*" : segment);
      start = end + 1;
    }
    return shape.toString();
  }

  private static boolean isTextLine(String path) {
    return path.startsWith("/line/") && isIndex(path.substring("/line/".length()));
  }

  private static boolean isIndex(String segment) {
    if (segment.isEmpty() || segment.length() > 9) {
      return false;
    }
    for (int i = 0; i < segment.length(); i++) {
      if (!Character.isDigit(segment.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
