package dev.ficus.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.gateway.support.FicusHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** With {@code ficus.tracing.trust-incoming: false} a client's trace context goes nowhere. */
class UntrustedTraceContextTest {

  static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String TRACEPARENT = "00-" + CLIENT_TRACE + "-00f067aa0ba902b7-01";

  final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          // Without a span processor the SDK hands out a no-op tracer.
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
                  .build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();

  static MockServerHttpRequest fromAClient() {
    return MockServerHttpRequest.get("/trips/1")
        .header("traceparent", TRACEPARENT)
        .header("tracestate", "vendor=secret")
        .header("baggage", "tenant=acme")
        .header("X-Ficus-Shadow", "true")
        .header("X-User-Id", "u1")
        .build();
  }

  @Test
  void byDefaultTheClientsTraceIsContinuedAndItsContextPassedOn() {
    Span span = new RequestTracing(sdk).startServer(fromAClient());
    assertThat(span.isRecording()).isTrue();
    assertThat(span.getSpanContext().getTraceId()).isEqualTo(CLIENT_TRACE);
    HttpHeaders sent =
        new FicusHeaders(true)
            .filter(fromAClient().getHeaders(), MockServerWebExchange.from(fromAClient()));
    assertThat(sent.getFirst("tracestate")).isEqualTo("vendor=secret");
    assertThat(sent.getFirst("baggage")).isEqualTo("tenant=acme");
    assertThat(sent.getFirst("X-Ficus-Shadow")).isNull();
  }

  @Test
  void untrustedEveryRequestStartsItsOwnTraceAndTheClientsContextGoesNowhere() {
    RequestTracing tracing = new RequestTracing(sdk, false);
    Span span = tracing.startServer(fromAClient());
    assertThat(span.getSpanContext().isValid()).as("%s", span).isTrue();
    assertThat(span.getSpanContext().getTraceId()).isNotEqualTo(CLIENT_TRACE);
    assertThat(tracing.trustsIncoming()).isFalse();
    HttpHeaders sent =
        new FicusHeaders(false)
            .filter(fromAClient().getHeaders(), MockServerWebExchange.from(fromAClient()));
    assertThat(sent.headerNames())
        .doesNotContain("traceparent", "tracestate", "baggage", "X-Ficus-Shadow")
        .contains("X-User-Id");
  }
}
