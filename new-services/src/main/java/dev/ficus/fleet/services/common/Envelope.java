package dev.ficus.fleet.services.common;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Every answer of the platform carries a request id and the time it was served: a new one on every
 * call, on either side, which the comparison must learn to treat as noise.
 */
public final class Envelope {

  private Envelope() {}

  /** The fields in order, then {@code requestId} and {@code servedAt}. */
  public static Map<String, Object> of(Map<String, Object> fields) {
    Map<String, Object> body = new LinkedHashMap<>(fields);
    body.put("requestId", UUID.randomUUID().toString());
    body.put("servedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    return body;
  }
}
