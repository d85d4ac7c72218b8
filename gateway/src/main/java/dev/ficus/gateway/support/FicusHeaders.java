package dev.ficus.gateway.support;

import java.util.List;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@code X-Ficus-*} headers are Ficus's to set: a client's are removed before any service sees
 * the request, so that no client can tell a service that a real user's write is a shadow copy
 * ({@code X-Ficus-Shadow}). So is a client's trace context ({@code traceparent}, {@code
 * tracestate}, {@code baggage}) when it is not trusted ({@code ficus.tracing.trust-incoming:
 * false}); Ficus then sends its own. As a headers filter it cleans the primary call; the shadow
 * client asks {@link #own(String)} as it copies.
 */
public final class FicusHeaders implements HttpHeadersFilter, Ordered {

  /** What every header of Ficus's own begins with. */
  public static final String PREFIX = "X-Ficus-";

  /** The trace context a client may send. */
  public static final List<String> TRACE_CONTEXT = List.of("traceparent", "tracestate", "baggage");

  private final boolean trustIncomingTrace;

  public FicusHeaders(boolean trustIncomingTrace) {
    this.trustIncomingTrace = trustIncomingTrace;
  }

  /** Whether a header name is one only Ficus sets. */
  public static boolean own(String name) {
    return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  private boolean removed(String name) {
    return own(name) || (!trustIncomingTrace && traceContext(name));
  }

  private static boolean traceContext(String name) {
    for (String header : TRACE_CONTEXT) {
      if (header.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
    boolean any = false;
    for (String name : input.headerNames()) {
      if (removed(name)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return input;
    }
    HttpHeaders cleaned = new HttpHeaders();
    input.forEach(
        (name, values) -> {
          if (!removed(name)) {
            cleaned.addAll(name, values);
          }
        });
    return cleaned;
  }

  @Override
  public boolean supports(Type type) {
    return type == Type.REQUEST;
  }

  /** Before the trace context is set on the outgoing headers. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 1;
  }

  @Override
  public String toString() {
    return "FicusHeaders[trust incoming trace: " + trustIncomingTrace + "]";
  }
}
