package dev.ficus.gateway.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The first step of every request's walk: its server span (a child of the client's W3C trace
 * context) and, when it is over, {@code http.server.requests}. Ficus's later steps add the decision
 * to the span through {@link RequestTracing#annotate}.
 */
public final class ServerSpanFilter implements WebFilter, Ordered {

  /** Before every other filter, so that the whole walk is inside the span. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

  private static final String ERROR = ServerSpanFilter.class.getName() + ".error";

  private final RequestTracing tracing;
  private final HttpMeters meters;

  public ServerSpanFilter(RequestTracing tracing, HttpMeters meters) {
    this.tracing = tracing;
    this.meters = meters;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long start = System.nanoTime();
    Span span = tracing.startServer(exchange.getRequest());
    exchange.getAttributes().put(RequestTracing.SERVER_SPAN, span);
    return chain
        .filter(exchange)
        .doOnError(error -> exchange.getAttributes().put(ERROR, error))
        .doFinally(signal -> finish(exchange, span, start, signal));
  }

  private void finish(ServerWebExchange exchange, Span span, long start, SignalType signal) {
    long nanos = System.nanoTime() - start;
    Throwable error = exchange.getAttribute(ERROR);
    HttpStatusCode code = exchange.getResponse().getStatusCode();
    int status;
    if (error instanceof ResponseStatusException e) {
      status = e.getStatusCode().value();
    } else if (error != null) {
      status = 500;
    } else if (code != null) {
      status = code.value();
    } else {
      status = signal == SignalType.CANCEL ? -1 : 200;
    }
    PathPattern pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    String exception = error == null ? null : error.getClass().getSimpleName();
    meters.server(
        exchange.getRequest().getMethod().name(),
        status,
        pattern == null ? null : pattern.getPatternString(),
        exception,
        nanos);
    if (span.isRecording()) {
      span.setAttribute("status", status < 0 ? "UNKNOWN" : Integer.toString(status));
      span.setAttribute("outcome", HttpMeters.outcome(status));
      if (pattern != null) {
        span.setAttribute("uri", pattern.getPatternString());
      }
      if (error != null) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR);
      } else if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
      if (signal == SignalType.CANCEL) {
        span.setAttribute("ficus.cancelled", "true");
      }
    }
    span.end();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    // Spring names every web filter in each request's checkpoint: a constant, never built per call
    return "ServerSpanFilter";
  }
}
