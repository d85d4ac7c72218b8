package dev.ficus.compare.diff;

import static dev.ficus.compare.diff.JsonBytes.at;
import static dev.ficus.compare.diff.JsonBytes.isDelimiter;
import static dev.ficus.compare.diff.JsonBytes.scalarEnd;
import static dev.ficus.compare.diff.JsonBytes.stringEnd;
import static dev.ficus.compare.diff.JsonBytes.tree;
import static dev.ficus.compare.diff.JsonScalars.isInteger;
import static dev.ficus.compare.diff.JsonScalars.parseDouble;
import static dev.ficus.compare.diff.JsonScalars.parseLong;

import dev.ficus.compare.diff.ByteJsonDiff.MalformedJson;
import java.nio.charset.StandardCharsets;

/**
 * A hash of a value in one document's bytes that is equal for values equal as JSON trees, whatever
 * their spacing, member order, escapes or number spelling: {@link ArrayOrder}'s quick proof that an
 * array was not merely reordered. One instance reads one document; {@link #value} may be called for
 * any number of values in it.
 */
final class CanonicalHash {
  private final byte[] bytes;
  private final int limit;
  private int pos;

  CanonicalHash(byte[] bytes, int limit) {
    this.bytes = bytes;
    this.limit = limit;
  }

  /** The hash of the value starting at {@code start}. */
  long value(int start) {
    pos = start;
    return next();
  }

  private long next() {
    skip();
    byte c = at(bytes, pos, limit);
    if (c == '{') {
      pos++;
      long sum = 0x51ED270B27F3F1A7L;
      int members = 0;
      while (true) {
        skip();
        c = at(bytes, pos, limit);
        if (c == '}') {
          pos++;
          return mix(sum + members);
        }
        if (c == ',') {
          pos++;
          continue;
        }
        long key = string();
        skip();
        pos++;
        sum += mix(key * 0x9E3779B97F4A7C15L + next());
        members++;
      }
    }
    if (c == '[') {
      pos++;
      long hash = 0x2545F4914F6CDD1DL;
      while (true) {
        skip();
        c = at(bytes, pos, limit);
        if (c == ']') {
          pos++;
          return mix(hash);
        }
        if (c == ',') {
          pos++;
          continue;
        }
        hash = hash * 31 + next();
      }
    }
    if (c == '"') {
      return string();
    }
    int start = pos;
    byte first = bytes[start];
    if (first == 't' || first == 'f' || first == 'n') {
      pos = scalarEnd(bytes, start, limit);
      return first * 0x9E3779B97F4A7C15L;
    }
    // An integer in one pass; anything else (fraction, exponent, long) read again as a double.
    int i = first == '-' ? start + 1 : start;
    long value = 0;
    while (i < limit) {
      byte digit = bytes[i];
      if (digit < '0' || digit > '9') {
        break;
      }
      value = value * 10 + (digit - '0');
      i++;
    }
    int digits = i - (first == '-' ? start + 1 : start);
    if (digits > 0 && digits <= 18 && (i == limit || isDelimiter(bytes[i]))) {
      pos = i;
      return mix(first == '-' ? -value : value);
    }
    int end = scalarEnd(bytes, start, limit);
    pos = end;
    if (isInteger(bytes, start, end)) {
      return mix(parseLong(bytes, start, end));
    }
    return mix(Double.doubleToLongBits(parseDouble(bytes, start, end)) ^ 0xD6E8FEB86659FD93L);
  }

  private long string() {
    long hash = 0xCBF29CE484222325L;
    int i = pos + 1;
    while (true) {
      if (i >= limit) {
        throw new MalformedJson("unterminated string at " + pos);
      }
      byte c = bytes[i];
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        int end = stringEnd(bytes, pos, limit);
        byte[] decoded = tree(bytes, pos, end).asString().getBytes(StandardCharsets.UTF_8);
        pos = end;
        return mix(bytesHash(decoded, 0, decoded.length) ^ 0x3C6EF372FE94F82BL);
      }
      hash = (hash ^ (c & 0xff)) * 0x100000001B3L;
      i++;
    }
    pos = i + 1;
    return mix(hash ^ 0x3C6EF372FE94F82BL);
  }

  private void skip() {
    while (pos < limit) {
      byte c = bytes[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  /** FNV-1a, the same as {@link #string} computes for a string without escapes. */
  private static long bytesHash(byte[] bytes, int start, int end) {
    long hash = 0xCBF29CE484222325L;
    for (int i = start; i < end; i++) {
      hash = (hash ^ (bytes[i] & 0xff)) * 0x100000001B3L;
    }
    return hash;
  }

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xFF51AFD7ED558CCDL;
    x ^= x >>> 33;
    x *= 0xC4CEB9FE1A85EC53L;
    return x ^ (x >>> 33);
  }
}
