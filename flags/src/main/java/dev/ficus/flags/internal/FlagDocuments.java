package dev.ficus.flags.internal;

import dev.ficus.flags.FlagDefinition;
import dev.ficus.flags.FlagRollback;
import dev.ficus.flags.FlagUpdate;
import dev.ficus.flags.Stage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Unleash client-API document as Ficus reads and writes it: each flag's share ({@code rollout}
 * of its {@code flexibleRollout} strategy), stage (that strategy's variant name) and rollback (that
 * variant's JSON payload); and the problems that make a document unusable. The other strategies
 * ({@link FlagStrategies}) are the Unleash engine's to decide.
 */
public final class FlagDocuments {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String FLEXIBLE_ROLLOUT = "flexibleRollout";

  private FlagDocuments() {}

  /** Every flag of a valid document, by name. */
  public static Map<String, FlagDefinition> definitions(String content) {
    Map<String, FlagDefinition> definitions = new LinkedHashMap<>();
    JsonNode features = DocumentForms.clientFeatures(content).path("features");
    for (JsonNode feature : features) {
      definitions.put(feature.path("name").asString(), definition(feature));
    }
    return definitions;
  }

  private static FlagDefinition definition(JsonNode feature) {
    JsonNode strategies = feature.path("strategies");
    JsonNode rollout = firstRollout(strategies);
    Integer share = rollout == null ? null : percentage(rollout.path("parameters").path("rollout"));
    Stage stage = null;
    FlagRollback rollback = null;
    JsonNode variant = stageVariant(rollout == null ? strategies : List.of(rollout));
    if (variant != null) {
      stage = Stage.parse(variant.path("name").asString()).orElse(null);
      rollback = rollback(variant);
    }
    return new FlagDefinition(
        feature.path("name").asString(),
        feature.path("project").isString() ? feature.path("project").asString() : null,
        feature.path("enabled").asBoolean(false),
        share,
        stage,
        rollback,
        strategies.size());
  }

  private static JsonNode firstRollout(JsonNode strategies) {
    for (JsonNode strategy : strategies) {
      if (FLEXIBLE_ROLLOUT.equals(strategy.path("name").asString())) {
        return strategy;
      }
    }
    return null;
  }

  /** The first variant named as a stage, among the given strategies' variants. */
  private static JsonNode stageVariant(Iterable<JsonNode> strategies) {
    for (JsonNode strategy : strategies) {
      for (JsonNode variant : strategy.path("variants")) {
        if (Stage.parse(variant.path("name").asString()).isPresent()) {
          return variant;
        }
      }
    }
    return null;
  }

  private static FlagRollback rollback(JsonNode variant) {
    JsonNode payload = variant.path("payload");
    if (!"json".equals(payload.path("type").asString())) {
      return null;
    }
    JsonNode rollback = JSON.readTree(payload.path("value").asString()).path("rollback");
    if (!rollback.isObject()) {
      return null;
    }
    return new FlagRollback(
        rollback.path("reason").asString("rollback"),
        rollback.path("detail").isString() ? rollback.path("detail").asString() : null,
        Instant.parse(rollback.path("since").asString()),
        rollback.path("by").isString() ? rollback.path("by").asString() : null,
        Stage.parse(rollback.path("stage").asString()).orElse(Stage.LEGACY),
        rollback.path("share").isNumber() ? rollback.path("share").asInt() : null);
  }

  /** A percentage parameter as Unleash writes it, a string from "0" to "100"; null otherwise. */
  static Integer percentage(JsonNode value) {
    if (!value.isString() || !value.asString().trim().matches("\\d{1,3}")) {
      return null;
    }
    int percent = Integer.parseInt(value.asString().trim());
    return percent <= 100 ? percent : null;
  }

  /**
   * What makes the strategies and variants of a document's flags unusable, one line each naming the
   * flag, the strategy and the parameter; empty when they are fine.
   *
   * @param features the flags by where they are written ({@link DocumentForms#located})
   * @param customAllowed whether a strategy the Unleash engine does not know is an Unleash server's
   *     custom strategy rather than a typo
   */
  public static List<String> problems(Map<String, JsonNode> features, boolean customAllowed) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> located : features.entrySet()) {
      JsonNode feature = located.getValue();
      String where = located.getKey() + " (" + feature.path("name").asString() + ")";
      JsonNode strategies = feature.path("strategies");
      for (int s = 0; s < strategies.size(); s++) {
        JsonNode strategy = strategies.get(s);
        String at = where + " strategy " + strategy.path("name").asString();
        FlagStrategies.check(strategy, where, s, customAllowed, problems);
        int stages = 0;
        for (JsonNode variant : strategy.path("variants")) {
          if (Stage.parse(variant.path("name").asString()).isEmpty()) {
            continue;
          }
          stages++;
          try {
            rollback(variant);
          } catch (JacksonException | DateTimeParseException e) {
            problems.add(
                at
                    + ": the payload of variant '"
                    + variant.path("name").asString()
                    + "' is not the rollback Ficus writes: "
                    + e.getMessage().lines().findFirst().orElse(""));
          }
        }
        if (stages > 1) {
          problems.add(
              at + ": " + stages + " variants name a stage; give one (" + Stage.choices() + ")");
        }
      }
    }
    return problems;
  }

  /**
   * The document with one flag's stage, share and rollback changed as Ficus writes them: the flag
   * (created when missing) is turned on for a stage that serves new, its first {@code
   * flexibleRollout} strategy (created when missing, sticky by user id) gets the share as its
   * {@code rollout} and one variant named after the stage. Every other flag is left as it was; a
   * document in the delta API's events is written back in the client-API form.
   */
  public static String withUpdate(String content, String flag, FlagUpdate update) {
    ObjectNode root = (ObjectNode) DocumentForms.clientFeatures(content);
    ArrayNode features =
        root.path("features").isArray()
            ? (ArrayNode) root.get("features")
            : root.putArray("features");
    ObjectNode feature = null;
    for (JsonNode candidate : features) {
      if (flag.equals(candidate.path("name").asString())) {
        feature = (ObjectNode) candidate;
      }
    }
    if (feature == null) {
      feature = features.addObject();
      feature.put("name", flag);
      feature.put("enabled", false);
      feature.putArray("strategies");
    }
    ObjectNode strategy = rolloutStrategy(feature, flag);
    applyTo(strategy, update);
    if (update.stage().servesNew()) {
      feature.put("enabled", true);
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private static ObjectNode rolloutStrategy(ObjectNode feature, String flag) {
    ArrayNode strategies =
        feature.path("strategies").isArray()
            ? (ArrayNode) feature.get("strategies")
            : feature.putArray("strategies");
    for (JsonNode strategy : strategies) {
      if (FLEXIBLE_ROLLOUT.equals(strategy.path("name").asString())) {
        return (ObjectNode) strategy;
      }
    }
    ObjectNode strategy = strategies.addObject();
    strategy.put("name", FLEXIBLE_ROLLOUT);
    ObjectNode parameters = strategy.putObject("parameters");
    parameters.put("rollout", "0");
    parameters.put("stickiness", "userId");
    parameters.put("groupId", flag);
    return strategy;
  }

  /**
   * Sets a {@code flexibleRollout} strategy's share and stage variant, as both the file and the
   * Unleash admin API take them. Variants not named after a stage are kept.
   */
  public static void applyTo(ObjectNode strategy, FlagUpdate update) {
    ObjectNode parameters =
        strategy.path("parameters").isObject()
            ? (ObjectNode) strategy.get("parameters")
            : strategy.putObject("parameters");
    if (update.share() != null) {
      parameters.put("rollout", Integer.toString(update.share()));
    }
    if (!parameters.has("stickiness")) {
      parameters.put("stickiness", "userId");
    }
    ArrayNode variants = JSON.createArrayNode();
    for (JsonNode variant : strategy.path("variants")) {
      if (Stage.parse(variant.path("name").asString()).isEmpty()) {
        variants.add(variant);
      }
    }
    ObjectNode variant = variants.addObject();
    variant.put("name", update.stage().configName());
    variant.put("weight", 1000);
    variant.put("weightType", "variable");
    variant.put("stickiness", "userId");
    if (update.rollback() != null) {
      FlagRollback rollback = update.rollback();
      ObjectNode value = JSON.createObjectNode();
      ObjectNode held = value.putObject("rollback");
      held.put("reason", rollback.reason());
      held.put("detail", rollback.detail());
      held.put("since", rollback.since().toString());
      held.put("by", rollback.by());
      held.put("stage", rollback.restoreStage().configName());
      if (rollback.restoreShare() != null) {
        held.put("share", rollback.restoreShare());
      }
      ObjectNode payload = variant.putObject("payload");
      payload.put("type", "json");
      payload.put("value", JSON.writeValueAsString(value));
    }
    strategy.set("variants", variants);
  }
}
