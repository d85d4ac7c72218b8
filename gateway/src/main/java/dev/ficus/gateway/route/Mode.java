package dev.ficus.gateway.route;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a route chooses the side that serves a request. */
public enum Mode {
  /** Everyone is served by legacy. */
  LEGACY,
  /** Everyone is served by legacy; the new side is called in the background for comparison. */
  SHADOW,
  /** The route's flag decides per user: on means new, off means legacy. */
  CANARY,
  /** Everyone is served by the new side. */
  NEW;

  /** The mode spelled as in configuration, case-insensitively, or empty when there is none such. */
  public static Optional<Mode> parse(String text) {
    return Arrays.stream(values())
        .filter(mode -> mode.name().equalsIgnoreCase(text.trim()))
        .findFirst();
  }

  /** The names a configuration may use, for error messages. */
  public static String choices() {
    return Arrays.stream(values()).map(Mode::configName).collect(Collectors.joining(", "));
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
