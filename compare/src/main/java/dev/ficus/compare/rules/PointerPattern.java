package dev.ficus.compare.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON Pointer in which a segment may be {@code *}, standing for any one key or array index:
 * {@code /items/* /etag} (without the space) matches {@code /items/0/etag} and {@code
 * /items/7/etag}.
 */
public final class PointerPattern {

  private final String text;
  private final String[] segments;

  private PointerPattern(String text, String[] segments) {
    this.text = text;
    this.segments = segments;
  }

  /**
   * @throws IllegalArgumentException naming the problem when {@code text} is not a JSON Pointer
   */
  public static PointerPattern parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a path must not be null");
    }
    if (text.isEmpty()) {
      return new PointerPattern(text, new String[0]);
    }
    if (text.charAt(0) != '/') {
      throw new IllegalArgumentException(
          "'" + text + "' is not a JSON Pointer: it must start with '/', e.g. /items/*/etag");
    }
    List<String> segments = new ArrayList<>();
    for (String raw : text.substring(1).split("/", -1)) {
      if (raw.matches(".*~[^01].*|.*~$")) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a JSON Pointer: '~' must be followed by 0 or 1");
      }
      segments.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return new PointerPattern(text, segments.toArray(String[]::new));
  }

  /** Whether the path given as unescaped segments {@code path[0..depth)} is matched exactly. */
  public boolean matches(String[] path, int depth) {
    if (depth != segments.length) {
      return false;
    }
    for (int i = 0; i < depth; i++) {
      if (!segments[i].equals("*") && !segments[i].equals(path[i])) {
        return false;
      }
    }
    return true;
  }

  /** Whether a JSON Pointer string is matched exactly. */
  public boolean matches(String pointer) {
    PointerPattern path = parse(pointer);
    return matches(path.segments, path.segments.length);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PointerPattern pattern && pattern.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
