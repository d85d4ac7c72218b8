package dev.ficus.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.exporter.SpanReporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** Spring Boot's batch span processor runs only while something takes its spans. */
class SpanProcessorsTest {

  final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
  final BatchSpanProcessor boots =
      BatchSpanProcessor.builder(InMemorySpanExporter.create()).build();
  final SpanProcessor users = SimpleSpanProcessor.create(InMemorySpanExporter.create());

  SpanProcessorsTest() {
    beans.registerSingleton(TracingConfiguration.BOOTS_BATCH_PROCESSOR, boots);
    beans.registerSingleton("usersProcessor", users);
  }

  @AfterEach
  void shutDown() {
    boots.shutdown();
    users.shutdown();
  }

  java.util.List<SpanProcessor> inForce() {
    return inForce(beans);
  }

  static java.util.List<SpanProcessor> inForce(DefaultListableBeanFactory beans) {
    return new TracingConfiguration()
        .spanProcessors(
            beans.getBeanProvider(SpanProcessor.class),
            beans.getBeanProvider(SpanExporter.class),
            beans.getBeanProvider(SpanReporter.class),
            beans)
        .list();
  }

  @Test
  void withNoExporterNorReporterOnlyTheBatchProcessorIsLeftOut() {
    assertThat(inForce()).containsExactly(users);
  }

  @Test
  void withAnExporterEveryProcessorRuns() {
    beans.registerSingleton("zipkin", InMemorySpanExporter.create());
    assertThat(inForce()).containsExactlyInAnyOrder(boots, users);
  }

  @Test
  void withAReporterEveryProcessorRuns() {
    beans.registerSingleton("reporter", (SpanReporter) span -> {});
    assertThat(inForce()).containsExactlyInAnyOrder(boots, users);
  }

  @Test
  void withNoProcessorLeftSpansAreStillRecordedWithTheirTraceIds() {
    DefaultListableBeanFactory alone = new DefaultListableBeanFactory();
    alone.registerSingleton(TracingConfiguration.BOOTS_BATCH_PROCESSOR, boots);
    java.util.List<SpanProcessor> inForce = inForce(alone);
    assertThat(inForce).doesNotContain(boots).hasSize(1);
    assertThat(inForce.get(0).isEndRequired()).isFalse();
    io.opentelemetry.sdk.trace.SdkTracerProviderBuilder builder =
        io.opentelemetry.sdk.trace.SdkTracerProvider.builder();
    inForce.forEach(builder::addSpanProcessor);
    try (io.opentelemetry.sdk.trace.SdkTracerProvider provider = builder.build()) {
      io.opentelemetry.api.trace.Span span = provider.get("ficus").spanBuilder("GET").startSpan();
      assertThat(span.getSpanContext().isValid()).as("a trace id for logs and captures").isTrue();
      assertThat(span.isRecording()).isTrue();
      span.end();
    }
  }
}
