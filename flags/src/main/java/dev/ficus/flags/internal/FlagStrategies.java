package dev.ficus.flags.internal;

import io.getunleash.engine.UnleashEngine;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The activation strategies the Unleash engine decides by itself (its own list, so a newer engine
 * brings its new strategies), the parameter each reads as a percentage of users, and what is wrong
 * with a strategy as a flag source wrote it. The engine decides every strategy; this only refuses
 * what it would silently decide otherwise than meant: a misspelled name (never on), a percentage
 * out of range, a parameter that is not a string (the engine then drops the whole document).
 */
final class FlagStrategies {

  /** Every strategy the Unleash engine decides without custom code, as it names them. */
  static final List<String> BUILT_IN = List.copyOf(new UnleashEngine().getBuiltInStrategies());

  /** The parameter each strategy reads as its percentage of users. */
  private static final Map<String, String> PERCENTAGES =
      Map.of(
          "flexibleRollout", "rollout",
          "gradualRolloutUserId", "percentage",
          "gradualRolloutSessionId", "percentage",
          "gradualRolloutRandom", "percentage");

  private FlagStrategies() {}

  /**
   * Adds what is wrong with one strategy to {@code problems}, each line naming the flag, the
   * strategy and the parameter.
   *
   * @param where the flag, e.g. {@code features[0] (new-trip-service)}
   * @param index the strategy's position among the flag's strategies
   * @param customAllowed whether a name the engine does not know is a custom strategy of an Unleash
   *     server (decided as off, as the Unleash Java SDK does without its implementation) rather
   *     than a typo
   */
  static void check(
      JsonNode strategy, String where, int index, boolean customAllowed, List<String> problems) {
    JsonNode nameNode = strategy.path("name");
    if (!nameNode.isString() || nameNode.asString().isBlank()) {
      problems.add(
          where
              + " strategies["
              + index
              + "] needs a \"name\", one of "
              + String.join(", ", BUILT_IN));
      return;
    }
    String name = nameNode.asString();
    String at = where + " strategy " + name;
    if (!BUILT_IN.contains(name)) {
      if (!customAllowed) {
        problems.add(
            at
                + ": is not a strategy Unleash knows, so it would never enable anyone"
                + NearestName.suggestion(name, BUILT_IN)
                + " (the strategies are "
                + String.join(", ", BUILT_IN)
                + ")");
      }
      return;
    }
    JsonNode parameters = strategy.path("parameters");
    if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
      problems.add(
          at + ": \"parameters\" must be an object of strings, e.g. {\"rollout\": \"30\"}");
      return;
    }
    boolean allStrings = true;
    for (Map.Entry<String, JsonNode> parameter : parameters.properties()) {
      JsonNode value = parameter.getValue();
      if (!value.isString()) {
        allStrings = false;
        problems.add(
            at
                + ": parameter "
                + parameter.getKey()
                + " is "
                + (value.isValueNode() && !value.isNull()
                    ? "not a string (" + value + "); write it as \"" + value.asString() + "\""
                    : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                        + "; give a string")
                + " (Unleash's strategy parameters are strings; the Unleash engine drops a"
                + " document with any other kind, leaving every flag unknown)");
      }
    }
    String percentage = PERCENTAGES.get(name);
    if (percentage == null || !allStrings) {
      return;
    }
    JsonNode value = parameters.path(percentage);
    if (value.isMissingNode()) {
      String other = "rollout".equals(percentage) ? "percentage" : "rollout";
      problems.add(
          at
              + ": parameter "
              + percentage
              + " is missing; give a percentage from 0 to 100, e.g. \""
              + percentage
              + "\": \"30\""
              + (parameters.has(other)
                  ? " (" + name + " reads " + percentage + ", not " + other + ")"
                  : ""));
    } else if (FlagDocuments.percentage(value) == null) {
      problems.add(
          at
              + ": parameter "
              + percentage
              + " '"
              + value.asString()
              + "' must be a whole number from 0 to 100");
    }
  }
}
