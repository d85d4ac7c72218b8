package dev.ficus.compare.diff;

import static dev.ficus.compare.diff.JsonBytes.tree;

import java.nio.charset.StandardCharsets;

/**
 * Numbers and literals read straight from the bytes, giving what the tree diff would see: the kind
 * of a plain scalar (a string without escapes, a number, true, false, null), integers and doubles
 * as Jackson and the JDK read them, and a value rendered as {@link JsonDiff#render} renders it.
 * Anything not plain is left to a parser.
 */
final class JsonScalars {

  static final int PLAIN_STRING = 1;
  static final int PLAIN_NUMBER = 2;
  static final int PLAIN_BOOLEAN = 3;
  static final int PLAIN_NULL = 4;

  /** The tree diff's name of each plain kind, by kind. */
  static final String[] PLAIN_TYPES = {null, "string", "number", "boolean", "null"};

  private static final int MAX_PLAIN = 200;

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  private JsonScalars() {}

  /** A value as the tree diff renders it, without a parser for plain scalars. */
  static String render(byte[] bytes, int start, int end) {
    switch (plainKind(bytes, start, end)) {
      case PLAIN_STRING, PLAIN_BOOLEAN, PLAIN_NULL:
        return plainText(bytes, start, end);
      case PLAIN_NUMBER:
        if (isInteger(bytes, start, end)) {
          return Long.toString(parseLong(bytes, start, end));
        }
        double value = parseDouble(bytes, start, end);
        if (!Double.isInfinite(value) && Math.abs(value) < 0x1p53) {
          return Double.toString(value);
        }
        return JsonDiff.render(tree(bytes, start, end));
      default:
        return JsonDiff.render(tree(bytes, start, end));
    }
  }

  /** An optional minus and at most 18 digits. */
  static boolean isInteger(byte[] bytes, int start, int end) {
    int digits = bytes[start] == '-' ? start + 1 : start;
    if (end - digits < 1 || end - digits > 18) {
      return false;
    }
    for (int i = digits; i < end; i++) {
      if (bytes[i] < '0' || bytes[i] > '9') {
        return false;
      }
    }
    return true;
  }

  /** The value of an integer {@link #isInteger} accepted. */
  static long parseLong(byte[] bytes, int start, int end) {
    boolean negative = bytes[start] == '-';
    long value = 0;
    for (int i = negative ? start + 1 : start; i < end; i++) {
      value = value * 10 + (bytes[i] - '0');
    }
    return negative ? -value : value;
  }

  /**
   * The double a JSON number denotes, as {@link Double#parseDouble} gives it: computed directly for
   * up to 15 significant digits and a power of ten up to 22 (both then exact doubles, so one
   * product or quotient is correctly rounded), by {@code parseDouble} otherwise.
   */
  static double parseDouble(byte[] bytes, int start, int end) {
    int i = start;
    boolean negative = bytes[i] == '-';
    if (negative) {
      i++;
    }
    long mantissa = 0;
    int significant = 0;
    int scale = 0;
    boolean fraction = false;
    boolean simple = true;
    for (; i < end; i++) {
      byte c = bytes[i];
      if (c >= '0' && c <= '9') {
        if (fraction) {
          scale--;
        }
        if (mantissa == 0 && c == '0') {
          continue;
        }
        if (++significant > 15) {
          simple = false;
          break;
        }
        mantissa = mantissa * 10 + (c - '0');
      } else if (c == '.' && !fraction) {
        fraction = true;
      } else if (c == 'e' || c == 'E') {
        int exponent = 0;
        boolean negativeExponent = false;
        int j = i + 1;
        if (j < end && (bytes[j] == '-' || bytes[j] == '+')) {
          negativeExponent = bytes[j] == '-';
          j++;
        }
        if (j == end || end - j > 3) {
          simple = false;
          break;
        }
        for (; j < end; j++) {
          if (bytes[j] < '0' || bytes[j] > '9') {
            simple = false;
            break;
          }
          exponent = exponent * 10 + (bytes[j] - '0');
        }
        scale += negativeExponent ? -exponent : exponent;
        break;
      } else {
        simple = false;
        break;
      }
    }
    if (simple && mantissa == 0) {
      return negative ? -0.0 : 0.0;
    }
    if (simple && scale >= -22 && scale <= 22) {
      double value =
          scale >= 0 ? mantissa * POWERS_OF_TEN[scale] : mantissa / POWERS_OF_TEN[-scale];
      return negative ? -value : value;
    }
    return Double.parseDouble(new String(bytes, start, end - start, StandardCharsets.US_ASCII));
  }

  /**
   * The kind of a plain scalar, or 0 when it needs a parser (escapes, fractions, long values,
   * containers).
   */
  static int plainKind(byte[] bytes, int start, int end) {
    int length = end - start;
    byte first = bytes[start];
    if (first == '"') {
      if (length > MAX_PLAIN) {
        return 0;
      }
      for (int i = start + 1; i < end - 1; i++) {
        byte c = bytes[i];
        if (c == '\\' || (c >= 0 && c < 0x20)) {
          return 0;
        }
      }
      return PLAIN_STRING;
    }
    if (first == '-' || (first >= '0' && first <= '9')) {
      return length <= 24 ? PLAIN_NUMBER : 0;
    }
    if (isLiteral(bytes, start, end, "true") || isLiteral(bytes, start, end, "false")) {
      return PLAIN_BOOLEAN;
    }
    return isLiteral(bytes, start, end, "null") ? PLAIN_NULL : 0;
  }

  private static boolean isLiteral(byte[] bytes, int start, int end, String literal) {
    if (end - start != literal.length()) {
      return false;
    }
    for (int i = 0; i < literal.length(); i++) {
      if (bytes[start + i] != literal.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** A plain scalar's bytes as text, as the tree diff renders it. */
  static String plainText(byte[] bytes, int start, int end) {
    return new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }
}
