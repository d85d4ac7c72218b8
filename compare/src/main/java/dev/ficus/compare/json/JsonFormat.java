package dev.ficus.compare.json;

import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.diff.JsonDiff;
import dev.ficus.compare.diff.JsonLimits;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.lift.BodyFormat;
import dev.ficus.compare.lift.UnreadableBody;
import dev.ficus.compare.rules.CompareRules;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * JSON ({@code application/json}, {@code *+json}) as a tree, diffed by {@link JsonDiff}. Most JSON
 * answers never get here: the byte-level diff compares them without building a tree, and this
 * format is the fallback for what it cannot take.
 */
public final class JsonFormat implements BodyFormat<JsonNode> {

  private static final ObjectMapper JSON = JsonLimits.mapper();

  @Override
  public String kind() {
    return "json";
  }

  @Override
  public boolean accepts(String mediaType) {
    return mediaType.equals("application/json")
        || mediaType.endsWith("+json")
        || mediaType.equals("text/json");
  }

  @Override
  public JsonNode lift(Body body) throws UnreadableBody {
    try {
      return JSON.readTree(body.bytes());
    } catch (JacksonException e) {
      throw UnreadableBody.malformed("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public void diff(JsonNode legacy, JsonNode fresh, CompareRules rules, List<Difference> out) {
    out.addAll(JsonDiff.diff(legacy, fresh, rules));
  }

  /** Whether bytes without a content type look like JSON: the first non-blank is { or [. */
  public static boolean sniffs(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '{' || b == '[') {
        return true;
      }
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return false;
  }
}
