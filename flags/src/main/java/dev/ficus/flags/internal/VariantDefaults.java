package dev.ficus.flags.internal;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Completes the variants of a hand-written flags file as the Unleash server completes them when it
 * stores a strategy: a variant given only by its name (the smallest stage variant, {@code
 * {"name":"canary"}}) gets an equal share of the weight, {@code weightType} {@code variable} and
 * the strategy's stickiness. The Unleash engine otherwise drops the whole flag without a word.
 */
final class VariantDefaults {

  private static final int TOTAL_WEIGHT = 1000;

  private VariantDefaults() {}

  /** The content with every strategy variant complete; as it is when nothing is missing. */
  static String completed(String content) {
    JsonNode root;
    try {
      root = FlagDocuments.JSON.readTree(content);
    } catch (JacksonException e) {
      return content;
    }
    if (root == null || !root.isObject()) {
      return content;
    }
    Map<String, JsonNode> features = DocumentForms.located(root);
    if (features == null) {
      return content;
    }
    boolean changed = false;
    for (JsonNode feature : features.values()) {
      for (JsonNode strategy : feature.path("strategies")) {
        changed |= complete(strategy);
      }
    }
    return changed ? root.toString() : content;
  }

  private static boolean complete(JsonNode strategy) {
    JsonNode variants = strategy.path("variants");
    if (!variants.isArray() || variants.isEmpty()) {
      return false;
    }
    String stickiness = strategy.path("parameters").path("stickiness").asString("default");
    int share = TOTAL_WEIGHT / variants.size();
    boolean changed = false;
    for (JsonNode variant : variants) {
      if (!(variant instanceof ObjectNode fields)) {
        continue;
      }
      if (!fields.has("weight")) {
        fields.put("weight", share);
        changed = true;
      }
      if (!fields.has("weightType")) {
        fields.put("weightType", "variable");
        changed = true;
      }
      if (!fields.has("stickiness")) {
        fields.put("stickiness", stickiness.isBlank() ? "default" : stickiness);
        changed = true;
      }
    }
    return changed;
  }
}
