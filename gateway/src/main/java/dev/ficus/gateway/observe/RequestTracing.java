package dev.ficus.gateway.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * A request's trace, made with the OpenTelemetry API directly: the server span (its decision as
 * attributes), the client span of the primary call, a client span per shadow call and a span per
 * comparison, with the W3C context sent to both sides. Spans go through the application's
 * OpenTelemetry SDK (its sampler, processors and exporters: OTLP, Zipkin). Nothing here restores
 * thread-locals on every reactive operator: spans travel as exchange attributes, and the trace id
 * is put in the logging context only around Ficus's own log lines ({@link #inLogs}).
 */
public final class RequestTracing {

  /** The exchange attribute holding the request's server span. */
  public static final String SERVER_SPAN = "ficus.serverSpan";

  private static final TextMapGetter<HttpHeaders> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpHeaders carrier) {
          return carrier.headerNames();
        }

        @Override
        public String get(HttpHeaders carrier, String key) {
          return carrier == null ? null : carrier.getFirst(key);
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final boolean trustIncoming;

  /**
   * The trace context is read and written by the application's propagators ({@code
   * management.tracing.propagation.*}: W3C {@code traceparent} by default), or W3C's alone when it
   * has none.
   */
  public RequestTracing(OpenTelemetry openTelemetry) {
    this(openTelemetry, true);
  }

  /**
   * @param trustIncoming whether a request's server span continues the trace of the client's {@code
   *     traceparent}; when false, every request starts a trace of its own
   */
  public RequestTracing(OpenTelemetry openTelemetry, boolean trustIncoming) {
    this.trustIncoming = trustIncoming;
    this.tracer = openTelemetry.getTracer("dev.ficus.gateway");
    TextMapPropagator configured = openTelemetry.getPropagators().getTextMapPropagator();
    this.propagator =
        configured.fields().isEmpty() ? W3CTraceContextPropagator.getInstance() : configured;
  }

  /** Tracing off: every span is a no-op and nothing is propagated. */
  public static RequestTracing off() {
    return new RequestTracing(OpenTelemetry.noop());
  }

  /**
   * Starts the server span of a request, a child of the trace context the client sent (W3C {@code
   * traceparent}), if any and if trusted.
   */
  public Span startServer(ServerHttpRequest request) {
    Context parent =
        trustIncoming
            ? propagator.extract(Context.root(), request.getHeaders(), HEADERS)
            : Context.root();
    String method = request.getMethod().name();
    Span span =
        tracer
            .spanBuilder("http " + method.toLowerCase(Locale.ROOT))
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .startSpan();
    if (span.isRecording()) {
      span.setAttribute("method", method);
      span.setAttribute("http.url", request.getPath().value());
    }
    return span;
  }

  /** The request's server span; an invalid one when it has none. */
  public static Span serverSpan(ServerWebExchange exchange) {
    Span span = exchange.getAttribute(SERVER_SPAN);
    return span == null ? Span.getInvalid() : span;
  }

  /** Whether the request's server span records attributes (traced and sampled). */
  public static boolean recording(ServerWebExchange exchange) {
    return serverSpan(exchange).isRecording();
  }

  /** Adds an attribute to the request's server span (never a metric tag). */
  public static void annotate(ServerWebExchange exchange, String key, String value) {
    if (value != null) {
      Span span = serverSpan(exchange);
      if (span.isRecording()) {
        span.setAttribute(key, value);
      }
    }
  }

  /** The W3C trace id of the request, when it is traced. */
  public static Optional<String> traceId(ServerWebExchange exchange) {
    SpanContext context = serverSpan(exchange).getSpanContext();
    return context.isValid() ? Optional.of(context.getTraceId()) : Optional.empty();
  }

  /**
   * Starts the client span of a call to an upstream as a child of {@code parent}; when {@code
   * carrier} is given, the span's trace context is written into it, to be sent with the call.
   *
   * @param purpose {@code primary} or {@code shadow}
   */
  public Span startCall(
      Span parent,
      String purpose,
      String route,
      String side,
      String method,
      URI url,
      HttpHeaders carrier) {
    Span span =
        tracer
            .spanBuilder(purpose + " " + method + " " + side)
            .setParent(Context.root().with(parent))
            .setSpanKind(SpanKind.CLIENT)
            .startSpan();
    if (span.isRecording()) {
      span.setAttribute("ficus.route", route);
      span.setAttribute("ficus.side", side);
      if ("shadow".equals(purpose)) {
        span.setAttribute("ficus.shadow", "true");
      }
      span.setAttribute("http.method", method);
      span.setAttribute("http.uri", url.toString());
    }
    if (carrier != null) {
      inject(span, carrier);
    }
    return span;
  }

  /** Writes the span's trace context into outgoing headers ({@code traceparent}). */
  public void inject(Span span, HttpHeaders carrier) {
    if (span.getSpanContext().isValid()) {
      propagator.inject(Context.root().with(span), carrier, HttpHeaders::set);
    }
  }

  /** Starts the span of a comparison as a child of the shadow call's span. */
  public Span startComparison(Span shadowCall, String route) {
    Span span =
        tracer
            .spanBuilder("compare " + route)
            .setParent(Context.root().with(shadowCall))
            .startSpan();
    if (span.isRecording()) {
      span.setAttribute("ficus.route", route);
    }
    return span;
  }

  /**
   * Puts the span's trace and span ids in the logging context until closed, so that a log line
   * written meanwhile carries them; a no-op for an invalid span.
   */
  public static LogContext inLogs(Span span) {
    SpanContext context = span.getSpanContext();
    if (!context.isValid()) {
      return LogContext.NONE;
    }
    String previousTrace = MDC.get("traceId");
    String previousSpan = MDC.get("spanId");
    MDC.put("traceId", context.getTraceId());
    MDC.put("spanId", context.getSpanId());
    return () -> {
      restore("traceId", previousTrace);
      restore("spanId", previousSpan);
    };
  }

  /** The request's trace in the logging context, see {@link #inLogs(Span)}. */
  public static LogContext inLogs(ServerWebExchange exchange) {
    return inLogs(serverSpan(exchange));
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }

  /** Trace ids in the logging context, removed on close. */
  @FunctionalInterface
  public interface LogContext extends AutoCloseable {
    LogContext NONE = () -> {};

    @Override
    void close();
  }

  @Override
  public String toString() {
    return "RequestTracing[" + tracer + "]";
  }

  /** Whether a client's trace context is continued and passed on. */
  public boolean trustsIncoming() {
    return trustIncoming;
  }
}
