package dev.ficus.flags;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a route stands in its cutover: who serves, and whether the other side is compared. A route
 * starts at its configured {@code mode}; its flag can move it live (the stage is the name of the
 * variant of the flag's {@code flexibleRollout} strategy).
 */
public enum Stage {
  /** Everyone is served by legacy. */
  LEGACY,
  /** Everyone is served by legacy; the new side is called in the background for comparison. */
  SHADOW,
  /**
   * Everyone is served by legacy; reads are shadowed as in {@link #SHADOW}, and writes go to the
   * new side too, once, in the background, and are read back from both sides to check that the two
   * sides' data converged. Spelled {@code dual-write}.
   */
  DUAL_WRITE,
  /** The route's flag decides per user: on means new, off means legacy. */
  CANARY,
  /** Everyone is served by the new side. */
  NEW;

  /**
   * The stage spelled as in configuration, case-insensitively, or empty when there is none such.
   */
  public static Optional<Stage> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    return Arrays.stream(values())
        .filter(
            stage ->
                stage.configName.equalsIgnoreCase(text.trim())
                    || stage.name().equalsIgnoreCase(text.trim()))
        .findFirst();
  }

  /** The names a configuration may use, for error messages. */
  public static String choices() {
    return Arrays.stream(values()).map(Stage::configName).collect(Collectors.joining(", "));
  }

  private final String configName = name().toLowerCase(Locale.ROOT).replace('_', '-');

  public String configName() {
    return configName;
  }

  /** Whether users can be served by the new side at this stage. */
  public boolean servesNew() {
    return this == CANARY || this == NEW;
  }
}
