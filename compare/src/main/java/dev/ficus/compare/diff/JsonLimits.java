package dev.ficus.compare.diff;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * How deep a JSON document may nest to be compared value by value: 500 levels (as Jackson 3's
 * {@code StreamReadConstraints} allow by default; {@link #mapper()} reads that deep). The tree
 * engine walks a document level by level, so a bound on the depth is a bound on the stack it uses:
 * at 1,000 levels its walk could overflow a thread's default stack (1 MB) when not yet compiled. A
 * deeper document is compared as bytes (or, for an exchange, skipped as {@code too_deep}), never
 * allowed to overflow a thread's stack.
 */
public final class JsonLimits {

  /** The deepest nesting compared value by value. */
  public static final int MAX_DEPTH = 500;

  private JsonLimits() {}

  /** A JSON mapper that reads documents up to {@link #MAX_DEPTH} deep. */
  public static JsonMapper mapper() {
    return JsonMapper.builder(
            JsonFactory.builder()
                .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .build())
        .build();
  }

  /**
   * Whether the bytes, read as JSON, open more than {@link #MAX_DEPTH} objects and arrays at once.
   * One pass without recursion; brackets inside strings do not count. Bytes that are not JSON at
   * all are measured the same way, which is harmless: they are compared as text.
   */
  public static boolean tooDeep(byte[] bytes) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < bytes.length; i++) {
      byte c = bytes[i];
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        if (++depth > MAX_DEPTH) {
          return true;
        }
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return false;
  }
}
