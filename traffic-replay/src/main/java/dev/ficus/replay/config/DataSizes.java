package dev.ficus.replay.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes written as in Spring configuration: {@code 512}, {@code 64KB}, {@code 1MB}, {@code 2GB}.
 */
public final class DataSizes {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?");

  private DataSizes() {}

  /**
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static long parse(String text) {
    Matcher matcher = SIZE.matcher(text == null ? "" : text.trim().toUpperCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size; write e.g. 512B, 64KB, 1MB or 2GB");
    }
    long number = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "B" : matcher.group(2);
    return switch (unit) {
      case "KB" -> number << 10;
      case "MB" -> number << 20;
      case "GB" -> number << 30;
      default -> number;
    };
  }
}
