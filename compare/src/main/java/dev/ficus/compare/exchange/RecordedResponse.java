package dev.ficus.compare.exchange;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one side answered, or how it failed to.
 *
 * @param status the HTTP status, or 0 when the call failed
 * @param headers response headers, names in lower case
 * @param body the body, bounded
 * @param latency from sending the request to receiving the whole body (or failing)
 * @param error why the call failed, or null when it answered
 */
public record RecordedResponse(
    int status, Map<String, List<String>> headers, Body body, Duration latency, String error) {

  public RecordedResponse {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    body = body == null ? Body.empty(null) : body;
  }

  public static RecordedResponse answered(
      int status, Map<String, List<String>> headers, Body body, Duration latency) {
    return new RecordedResponse(status, headers, body, latency, null);
  }

  public static RecordedResponse failed(String error, Duration latency) {
    return new RecordedResponse(0, Map.of(), null, latency, error);
  }

  public boolean failed() {
    return error != null;
  }

  /** A failed call or a 5xx answer: what error rates count. */
  public boolean isError() {
    return failed() || status >= 500;
  }

  /** The first value of a header, by case-insensitive name. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
