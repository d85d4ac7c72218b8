package dev.ficus.gateway.observe;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.RolloutDecision;
import dev.ficus.gateway.support.FicusExchangeAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.net.URI;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The primary call's step of the walk: a client span around the call to the upstream the decision
 * chose (a fallback's call to legacy gets one of its own), its W3C context sent in the call's
 * headers ({@link #headers()}), and {@code http.client.requests} named by the upstream actually
 * called. Runs right before Spring Cloud Gateway's {@link NettyRoutingFilter}, whose call is over
 * when the upstream's answer begins.
 */
public final class UpstreamSpanFilter implements GlobalFilter, Ordered {

  /** Right before {@link NettyRoutingFilter}. */
  public static final int ORDER = NettyRoutingFilter.ORDER - 2;

  private static final String SPAN = UpstreamSpanFilter.class.getName() + ".span";
  private static final String ERROR = UpstreamSpanFilter.class.getName() + ".error";

  private final RequestTracing tracing;
  private final HttpMeters meters;

  public UpstreamSpanFilter(RequestTracing tracing, HttpMeters meters) {
    this.tracing = tracing;
    this.meters = meters;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
    if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
      return chain.filter(exchange);
    }
    long start = System.nanoTime();
    MigrationRoute route = exchange.getAttribute(FicusExchangeAttributes.ROUTE);
    RolloutDecision decision = exchange.getAttribute(FicusExchangeAttributes.DECISION);
    String method = exchange.getRequest().getMethod().name();
    Span span =
        tracing.startCall(
            RequestTracing.serverSpan(exchange),
            "primary",
            route == null ? MigrationRoute.CATCH_ALL_ID : route.id(),
            decision == null ? "legacy" : decision.side().label(),
            method,
            url,
            null);
    exchange.getAttributes().put(SPAN, span);
    exchange.getAttributes().remove(ERROR);
    return chain
        .filter(exchange)
        .doOnError(error -> exchange.getAttributes().put(ERROR, error))
        .doFinally(signal -> finish(exchange, span, url, method, start, signal));
  }

  private void finish(
      ServerWebExchange exchange,
      Span span,
      URI url,
      String method,
      long start,
      SignalType signal) {
    long nanos = System.nanoTime() - start;
    Throwable error = exchange.getAttribute(ERROR);
    HttpStatusCode code = error == null ? exchange.getResponse().getStatusCode() : null;
    int status = code == null ? -1 : code.value();
    Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
    String upstream = url.getScheme() + "://" + url.getRawAuthority();
    String errorName = error == null ? null : error.getClass().getSimpleName();
    meters.client(
        method, status, route == null ? "UNKNOWN" : route.getId(), upstream, errorName, nanos);
    if (span.isRecording()) {
      span.setAttribute("spring.cloud.gateway.route.uri", upstream);
      if (route != null) {
        span.setAttribute("spring.cloud.gateway.route.id", route.getId());
      }
      span.setAttribute("http.status_code", status < 0 ? "UNKNOWN" : Integer.toString(status));
      if (error != null) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR);
      } else if (signal == SignalType.CANCEL) {
        span.setAttribute("ficus.cancelled", "true");
      }
    }
    span.end();
  }

  /**
   * Writes the primary call's trace context into the headers Spring Cloud Gateway sends upstream,
   * after every other headers filter has had its say.
   */
  public HttpHeadersFilter headers() {
    return new TraceContextHeaders(tracing);
  }

  private record TraceContextHeaders(RequestTracing tracing) implements HttpHeadersFilter, Ordered {

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
      Span span = exchange.getAttribute(SPAN);
      if (span == null || !span.getSpanContext().isValid()) {
        return input;
      }
      // The earlier headers filters have made the outgoing headers a copy of the request's: set the
      // context there; copy only when none did (the request's own headers are read-only).
      if (input != exchange.getRequest().getHeaders()) {
        try {
          tracing.inject(span, input);
          return input;
        } catch (UnsupportedOperationException readOnly) {
          // a filter handed on read-only headers: copied below
        }
      }
      HttpHeaders headers = new HttpHeaders();
      headers.putAll(input);
      tracing.inject(span, headers);
      return headers;
    }

    @Override
    public boolean supports(Type type) {
      return type == Type.REQUEST;
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "UpstreamSpanFilter";
  }
}
