package dev.ficus.flags.internal;

import io.getunleash.engine.FeatureDef;
import io.getunleash.engine.UnleashEngine;
import io.getunleash.engine.YggdrasilInvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hands a content to a fresh Unleash engine, as the client will, and says what it refused. The
 * engine throws on some faults, but takes others without a word and then holds no flag at all (a
 * number where Unleash writes a string, a string where it writes a list): every flag the content
 * defines must be one the engine then knows, and the flags it refuses are named.
 */
final class EngineCheck {

  private EngineCheck() {}

  /**
   * @param features the content's flags by where they are written ({@link DocumentForms#located})
   */
  static Optional<String> problemWith(
      String content, JsonNode root, Map<String, JsonNode> features) {
    Set<String> known;
    try {
      known = knownAfterTaking(content);
    } catch (YggdrasilInvalidInputException | RuntimeException e) {
      return Optional.of("is not accepted by the Unleash engine: " + e.getMessage());
    }
    Set<String> expected = expectedNames(root);
    if (known.containsAll(expected)) {
      return Optional.empty();
    }
    List<String> refused = new ArrayList<>();
    if (root.path("features").isArray()) {
      for (Map.Entry<String, JsonNode> located : features.entrySet()) {
        ObjectNode alone = FlagDocuments.JSON.createObjectNode();
        alone.put("version", 2);
        alone.putArray("features").add(located.getValue());
        if (root.path("segments").isArray()) {
          alone.set("segments", root.get("segments"));
        }
        try {
          if (knownAfterTaking(alone.toString()).isEmpty()) {
            refused.add(located.getKey() + " (" + located.getValue().path("name").asString() + ")");
          }
        } catch (YggdrasilInvalidInputException | RuntimeException e) {
          refused.add(located.getKey() + " (" + located.getValue().path("name").asString() + ")");
        }
      }
    }
    return Optional.of(
        "is not taken by the Unleash engine, which would then hold "
            + (known.isEmpty()
                ? "no flag at all"
                : "only " + known.size() + " of its " + expected.size() + " flags")
            + (refused.isEmpty()
                ? "; a field has a kind Unleash does not write"
                : ": "
                    + String.join(", ", refused)
                    + (refused.size() == 1 ? " has" : " have")
                    + " a field of a kind Unleash does not write")
            + " (a number or a list where it writes a string, a string where it writes a list)");
  }

  private static Set<String> knownAfterTaking(String content)
      throws YggdrasilInvalidInputException {
    UnleashEngine engine = new UnleashEngine();
    engine.takeState(content);
    Set<String> known = new HashSet<>();
    for (FeatureDef feature : engine.listKnownToggles()) {
      known.add(feature.getName());
    }
    return known;
  }

  /** The flags the content defines once taken: its features, or what its events leave. */
  private static Set<String> expectedNames(JsonNode root) {
    Set<String> names = new LinkedHashSet<>();
    if (root.path("features").isArray()) {
      root.get("features").forEach(feature -> names.add(feature.path("name").asString()));
      return names;
    }
    for (JsonNode event : root.path("events")) {
      switch (event.path("type").asString()) {
        case "hydration" -> {
          names.clear();
          event.path("features").forEach(feature -> names.add(feature.path("name").asString()));
        }
        case "feature-updated" -> names.add(event.path("feature").path("name").asString());
        case "feature-removed" -> names.remove(event.path("featureName").asString());
        default -> {
          // segments: no flag comes or goes
        }
      }
    }
    return names;
  }
}
