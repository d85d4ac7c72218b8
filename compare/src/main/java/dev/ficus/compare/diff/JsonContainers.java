package dev.ficus.compare.diff;

import static dev.ficus.compare.diff.JsonBytes.at;
import static dev.ficus.compare.diff.JsonBytes.indexOf;
import static dev.ficus.compare.diff.JsonBytes.skipWhitespace;
import static dev.ficus.compare.diff.JsonBytes.stringEnd;
import static dev.ficus.compare.diff.JsonBytes.tree;
import static dev.ficus.compare.diff.JsonBytes.valueEnd;

import dev.ficus.compare.diff.ByteJsonDiff.MalformedJson;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The rest of an object's members or of an array's elements, read where {@link Level} pairs them
 * (by name, or by position) instead of following the mismatch.
 */
final class JsonContainers {

  /** A member: its decoded name and where its value's bytes are. */
  record Member(String name, int start, int end) {}

  private JsonContainers() {}

  /** Reads members from {@code from} to the object's end; returns the position after its '}'. */
  static int members(byte[] bytes, int from, int limit, List<Member> members) {
    int p = from;
    while (true) {
      p = skipWhitespace(bytes, p, limit);
      byte c = at(bytes, p, limit);
      if (c == '}') {
        return p + 1;
      }
      if (c == ',') {
        p++;
        continue;
      }
      if (c != '"') {
        throw new MalformedJson("expected a member name at " + p);
      }
      int nameEnd = stringEnd(bytes, p, limit);
      String name =
          indexOf(bytes, (byte) '\\', p + 1, nameEnd - 1) >= 0
              ? tree(bytes, p, nameEnd).asString()
              : new String(bytes, p + 1, nameEnd - p - 2, StandardCharsets.UTF_8);
      p = skipWhitespace(bytes, nameEnd, limit);
      if (at(bytes, p, limit) != ':') {
        throw new MalformedJson("expected ':' at " + p);
      }
      int start = skipWhitespace(bytes, p + 1, limit);
      int end = valueEnd(bytes, start, limit);
      members.add(new Member(name, start, end));
      p = end;
    }
  }

  /**
   * Reads elements from {@code from} to the array's end, each as {start, end}; returns the position
   * after its ']'.
   */
  static int elements(byte[] bytes, int from, int limit, List<int[]> elements) {
    int p = from;
    while (true) {
      p = skipWhitespace(bytes, p, limit);
      byte c = at(bytes, p, limit);
      if (c == ']') {
        return p + 1;
      }
      if (c == ',') {
        p++;
        continue;
      }
      int end = valueEnd(bytes, p, limit);
      elements.add(new int[] {p, end});
      p = end;
    }
  }
}
