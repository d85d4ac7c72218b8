package dev.ficus.flags.internal;

import io.getunleash.engine.UnleashEngine;
import io.getunleash.engine.YggdrasilInvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two forms of a flags document the Unleash engine takes: the client API's ({@code
 * {"version":2,"features":[...]}}), which Ficus reads and writes, and the events of Unleash's delta
 * API, read as the client-API document the engine holds once it took them.
 */
final class DocumentForms {

  private DocumentForms() {}

  /**
   * The flags of a document by where they are written ({@code features[0]}, {@code
   * events[2].feature}): the client-API form ({@code {"version":2,"features":[...]}}) or the events
   * of Unleash's delta API ({@code {"events":[{"type":"hydration","features":[...]}, ...]}}), both
   * of which the Unleash engine takes; null when the document is neither.
   */
  static Map<String, JsonNode> located(JsonNode root) {
    Map<String, JsonNode> located = new LinkedHashMap<>();
    JsonNode features = root.get("features");
    if (features != null && features.isArray()) {
      for (int i = 0; i < features.size(); i++) {
        located.put("features[" + i + "]", features.get(i));
      }
      return located;
    }
    JsonNode events = root.get("events");
    if (features != null || events == null || !events.isArray()) {
      return null;
    }
    for (int e = 0; e < events.size(); e++) {
      JsonNode event = events.get(e);
      JsonNode hydrated = event.path("features");
      for (int i = 0; i < hydrated.size(); i++) {
        located.put("events[" + e + "].features[" + i + "]", hydrated.get(i));
      }
      if (event.path("feature").isObject()) {
        located.put("events[" + e + "].feature", event.get("feature"));
      }
    }
    return located;
  }

  /**
   * A valid document in the client-API form: as it is, or, for the events of the delta API, the
   * flags and segments the Unleash engine holds once it took them all.
   */
  static JsonNode clientFeatures(String content) {
    JsonNode root = FlagDocuments.JSON.readTree(content);
    if (root.path("features").isArray() || !root.path("events").isArray()) {
      return root;
    }
    UnleashEngine engine = new UnleashEngine();
    try {
      engine.takeState(content);
    } catch (YggdrasilInvalidInputException e) {
      throw new IllegalArgumentException("not taken by the Unleash engine: " + e.getMessage(), e);
    }
    ObjectNode state = (ObjectNode) FlagDocuments.JSON.readTree(engine.getState()).path("value");
    state.remove("query");
    return state;
  }
}
