package dev.ficus.gateway.config;

import dev.ficus.gateway.observe.HttpMeters;
import dev.ficus.gateway.observe.RequestTracing;
import dev.ficus.gateway.observe.ServerSpanFilter;
import dev.ficus.gateway.observe.UpstreamSpanFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.exporter.SpanReporter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Every request's trace and HTTP timers, made by Ficus's own filters: one server span per request,
 * a client span per upstream call, the W3C context to both sides, through the application's
 * OpenTelemetry SDK. Spring's per-request observations (the server's, Spring Cloud Gateway's) are
 * off: they made the same spans and timers at several times the cost.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

  @Bean
  RequestTracing requestTracing(
      ObjectProvider<OpenTelemetry> openTelemetry, FicusProperties properties) {
    return new RequestTracing(
        openTelemetry.getIfAvailable(OpenTelemetry::noop), properties.tracing().trustIncoming());
  }

  @Bean
  HttpMeters httpMeters(MeterRegistry registry) {
    return new HttpMeters(registry);
  }

  @Bean
  ServerSpanFilter serverSpanFilter(RequestTracing tracing, HttpMeters meters) {
    return new ServerSpanFilter(tracing, meters);
  }

  @Bean
  UpstreamSpanFilter upstreamSpanFilter(RequestTracing tracing, HttpMeters meters) {
    return new UpstreamSpanFilter(tracing, meters);
  }

  @Bean
  HttpHeadersFilter traceContextHeadersFilter(UpstreamSpanFilter upstream) {
    return upstream.headers();
  }

  /** The server's own observation of every request is replaced by {@link ServerSpanFilter}. */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  WebHttpHandlerBuilderCustomizer noServerObservation() {
    return builder -> builder.observationRegistry(ObservationRegistry.NOOP);
  }

  /**
   * The span processors in force. Spring Boot's batch processor ({@code otelSpanProcessor}) is left
   * out while nothing takes its spans (no span exporter or reporter: no Zipkin or OTLP endpoint):
   * it would queue every finished span, convert it and hand it to no one (about 1.5% of a request's
   * CPU). Every other processor stays; with none left, one that takes nothing keeps spans recorded.
   */
  @Bean
  SpanProcessors spanProcessors(
      ObjectProvider<SpanProcessor> processors,
      ObjectProvider<SpanExporter> exporters,
      ObjectProvider<SpanReporter> reporters,
      BeanFactory beans) {
    boolean taken =
        exporters.orderedStream().findAny().isPresent()
            || reporters.orderedStream().findAny().isPresent();
    Object batch =
        taken || !beans.containsBean(BOOTS_BATCH_PROCESSOR)
            ? null
            : beans.getBean(BOOTS_BATCH_PROCESSOR);
    List<SpanProcessor> inForce =
        processors.orderedStream().filter(processor -> processor != batch).toList();
    // With no processor at all, the OpenTelemetry SDK hands out no-op tracers: no trace ids.
    return SpanProcessors.of(inForce.isEmpty() ? List.of(new NoExport()) : inForce);
  }

  /**
   * Keeps spans recorded (their trace ids in logs, captures and mismatch examples, and the W3C
   * context to both sides) while no one exports them; the SDK calls it for no span.
   */
  static final class NoExport implements SpanProcessor {
    @Override
    public void onStart(io.opentelemetry.context.Context parent, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }
  }

  /** Spring Boot's name for the processor that batches spans for every exporter. */
  static final String BOOTS_BATCH_PROCESSOR = "otelSpanProcessor";
}
