package dev.ficus.compare.exchange;

import java.util.List;
import java.util.Map;

/**
 * The request of an exchange, as sent to the upstreams.
 *
 * @param method the HTTP method
 * @param path the raw (still encoded) path
 * @param query the raw query string without '?', or null
 * @param headers the selected headers, names in lower case
 * @param body the body, bounded
 */
public record RecordedRequest(
    String method, String path, String query, Map<String, List<String>> headers, Body body) {

  public RecordedRequest {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    body = body == null ? Body.empty(null) : body;
  }

  /** Path and query as they appeared on the request line. */
  public String pathAndQuery() {
    return query == null || query.isEmpty() ? path : path + "?" + query;
  }
}
