package dev.ficus.gateway.observe;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.RequestReplySenderContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * Ficus's part of a request's trace: its decision as attributes of the server span, a client span
 * for the shadow call (whose trace context goes to the shadow side in its headers), and a span for
 * the comparison. With tracing off every method is a no-op.
 */
public final class RequestTracing {

  private final ObservationRegistry registry;

  public RequestTracing(ObservationRegistry registry) {
    this.registry = registry;
  }

  /** Adds an attribute to the request's server span (never a metric tag). */
  public static void annotate(ServerWebExchange exchange, String key, String value) {
    if (value != null) {
      ServerRequestObservationContext.findCurrent(exchange.getAttributes())
          .ifPresent(context -> context.addHighCardinalityKeyValue(KeyValue.of(key, value)));
    }
  }

  /** The W3C trace id of the request's server span, when it is traced. */
  public static Optional<String> traceId(ServerWebExchange exchange) {
    return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
        .map(
            context -> {
              TracingObservationHandler.TracingContext tracing =
                  context.get(TracingObservationHandler.TracingContext.class);
              return tracing == null || tracing.getSpan() == null
                  ? null
                  : tracing.getSpan().context().traceId();
            });
  }

  /**
   * Starts the client span of a shadow call to {@code url} as a child of {@code parent}; its trace
   * context is written into {@code headers}, which the shadow call then sends.
   */
  public Observation startShadowCall(
      Observation parent,
      HttpHeaders headers,
      String route,
      String side,
      String method,
      java.net.URI url) {
    RequestReplySenderContext<HttpHeaders, Object> context =
        new RequestReplySenderContext<>((carrier, key, value) -> carrier.set(key, value));
    context.setCarrier(headers);
    return Observation.createNotStarted("ficus.shadow", () -> context, registry)
        .parentObservation(parent)
        .contextualName("shadow " + method + " " + side)
        .lowCardinalityKeyValue("ficus.route", route)
        .lowCardinalityKeyValue("ficus.side", side)
        .lowCardinalityKeyValue("ficus.shadow", "true")
        .highCardinalityKeyValue("http.method", method)
        .highCardinalityKeyValue("http.uri", url.toString())
        .start();
  }

  /** Starts the span of a comparison as a child of the shadow call's span. */
  public Observation startComparison(Observation shadowCall, String route) {
    return Observation.createNotStarted("ficus.compare", registry)
        .parentObservation(shadowCall)
        .contextualName("compare " + route)
        .lowCardinalityKeyValue("ficus.route", route)
        .start();
  }

  @Override
  public String toString() {
    return "RequestTracing[" + registry + "]";
  }
}
