package dev.ficus.gateway.dualwrite;

import dev.ficus.compare.rules.CompareRules;
import java.time.Duration;
import java.util.Map;

/**
 * A route's validated {@code dual-write} settings.
 *
 * @param idPath where each side's write answer names the entity (a JSON Pointer or an XML element
 *     path); null for the {@code Location} header (and for PUT, PATCH and DELETE the request path)
 * @param readBack the entity's read path with {@code {id}} for each side's own id
 * @param delay how long after both writes the entity is read back
 * @param attempts read-backs before a difference is called a divergence
 * @param readBackHeaders headers sent with every read-back
 * @param rules the route's comparison rules with the id path left out, for the write answers and
 *     the read-backs (the two ids differ by nature; they are correlated, not compared)
 */
public record DualWriteSettings(
    String idPath,
    String readBack,
    Duration delay,
    int attempts,
    Map<String, String> readBackHeaders,
    CompareRules rules) {

  /** Where the read-back path names the entity. */
  public static final String ID_PLACEHOLDER = "{id}";

  public DualWriteSettings {
    readBackHeaders = Map.copyOf(readBackHeaders);
  }

  /** The read path of the entity a side names {@code id}. */
  public String readBackPath(String id) {
    return readBack.replace(
        ID_PLACEHOLDER,
        java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
            .replace("+", "%20"));
  }
}
