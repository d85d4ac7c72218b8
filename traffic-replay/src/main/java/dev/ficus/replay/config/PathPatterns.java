package dev.ficus.replay.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The gateway's route path patterns, matched without Spring: {@code **} for any number of segments,
 * {@code *} and {@code ?} within one segment, {@code {name}} for one segment and {@code {*name}}
 * for the rest of the path.
 */
public final class PathPatterns {

  private final String text;
  private final List<Pattern> segments;
  private final List<Boolean> anyDepth;

  private PathPatterns(String text, List<Pattern> segments, List<Boolean> anyDepth) {
    this.text = text;
    this.segments = segments;
    this.anyDepth = anyDepth;
  }

  /**
   * @throws IllegalArgumentException when the pattern does not start with '/'
   */
  public static PathPatterns parse(String text) {
    if (text == null || !text.startsWith("/")) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a path pattern: it must start with '/', e.g. /trips/**");
    }
    List<Pattern> segments = new ArrayList<>();
    List<Boolean> anyDepth = new ArrayList<>();
    for (String segment : split(text)) {
      boolean rest = segment.equals("**") || segment.matches("\\{\\*[^}]*}");
      anyDepth.add(rest);
      segments.add(rest ? null : Pattern.compile(regex(segment)));
    }
    return new PathPatterns(text, segments, anyDepth);
  }

  private static String regex(String segment) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '{') {
        int end = segment.indexOf('}', i);
        if (end > i) {
          regex.append("[^/]+");
          i = end;
          continue;
        }
      }
      if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }

  private static List<String> split(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }

  public boolean matches(String path) {
    return matches(split(path), 0, 0);
  }

  private boolean matches(List<String> path, int p, int s) {
    if (s == segments.size()) {
      return p == path.size();
    }
    if (anyDepth.get(s)) {
      for (int skip = p; skip <= path.size(); skip++) {
        if (matches(path, skip, s + 1)) {
          return true;
        }
      }
      return false;
    }
    return p < path.size()
        && segments.get(s).matcher(path.get(p)).matches()
        && matches(path, p + 1, s + 1);
  }

  @Override
  public String toString() {
    return text;
  }
}
