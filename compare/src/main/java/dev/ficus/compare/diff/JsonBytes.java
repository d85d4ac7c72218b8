package dev.ficus.compare.diff;

import dev.ficus.compare.diff.ByteJsonDiff.MalformedJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The lexical scan of {@link ByteJsonDiff}: where whitespace, a string, a scalar or a whole value
 * ends in raw JSON bytes, without parsing, and the one way a slice of bytes is lifted into a tree
 * when it has to be. Every position is checked against a limit: a document cut short is a {@link
 * MalformedJson}, never a read past the end.
 */
final class JsonBytes {

  private static final ObjectMapper JSON = JsonLimits.mapper();

  private JsonBytes() {}

  static int skipWhitespace(byte[] bytes, int p, int limit) {
    while (p < limit) {
      byte c = bytes[p];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return p;
      }
      p++;
    }
    return p;
  }

  static byte at(byte[] bytes, int p, int limit) {
    if (p >= limit) {
      throw new MalformedJson("unexpected end at " + p);
    }
    return bytes[p];
  }

  /** The position after the string starting (with its quote) at {@code p}. */
  static int stringEnd(byte[] bytes, int p, int limit) {
    int i = p + 1;
    while (i < limit) {
      byte c = bytes[i];
      if (c == '"') {
        return i + 1;
      }
      i += c == '\\' ? 2 : 1;
    }
    throw new MalformedJson("unterminated string at " + p);
  }

  /** The position after a number, true, false or null starting at {@code p}. */
  static int scalarEnd(byte[] bytes, int p, int limit) {
    int i = p;
    while (i < limit) {
      byte c = bytes[i];
      if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        break;
      }
      if (c == '{' || c == '[' || c == '"' || c == ':') {
        throw new MalformedJson("unexpected '" + (char) c + "' at " + i);
      }
      i++;
    }
    if (i == p) {
      throw new MalformedJson("expected a value at " + p);
    }
    return i;
  }

  /** The position after the value starting at {@code p}. */
  static int valueEnd(byte[] bytes, int p, int limit) {
    byte c = at(bytes, p, limit);
    if (c == '"') {
      return stringEnd(bytes, p, limit);
    }
    if (c != '{' && c != '[') {
      return scalarEnd(bytes, p, limit);
    }
    int depth = 0;
    int i = p;
    while (i < limit) {
      c = bytes[i];
      if (c == '"') {
        i = stringEnd(bytes, i, limit);
        continue;
      }
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          return i + 1;
        }
      }
      i++;
    }
    throw new MalformedJson("unclosed container at " + p);
  }

  /** Whether {@code c} may follow a scalar. */
  static boolean isDelimiter(byte c) {
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  /** The value in {@code bytes[start, end)} as a tree, within the limits of {@link JsonLimits}. */
  static JsonNode tree(byte[] bytes, int start, int end) {
    try {
      return JSON.readTree(bytes, start, end - start);
    } catch (JacksonException e) {
      throw new MalformedJson(e.getOriginalMessage());
    }
  }
}
