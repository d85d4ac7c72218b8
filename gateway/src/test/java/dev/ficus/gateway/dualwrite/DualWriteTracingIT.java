package dev.ficus.gateway.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.EntityStore;
import dev.ficus.gateway.testing.Routes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A dual write and its read-backs are in the write's trace: the write's span parents the reads. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTracing
class DualWriteTracingIT {

  static final EntityStore legacy = EntityStore.numbered("L-");
  static final EntityStore fresh = EntityStore.uuids();

  @TestConfiguration
  static class Spans {
    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
      return InMemorySpanExporter.create();
    }
  }

  @Autowired InMemorySpanExporter spans;
  @LocalServerPort int port;

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", legacy::uri);
    String prefix = Routes.route(registry, 0, "trips", "/trips/**", "dual-write", fresh.uri());
    registry.add(prefix + "dual-write.read-back", () -> "/trips/{id}");
    registry.add(prefix + "dual-write.delay", () -> "100ms");
  }

  @AfterAll
  static void stop() {
    legacy.close();
    fresh.close();
  }

  @Test
  void theReadBacksAreChildrenOfTheDualWriteInTheWritesTrace() {
    Client client = new Client(port);
    assertThat(
            client
                .send(
                    client
                        .request("/trips")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"Depot\"}"))
                        .build())
                .statusCode())
        .isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                spans.getFinishedSpanItems().stream()
                        .filter(span -> span.getName().startsWith("read-back"))
                        .count()
                    == 2);
    List<SpanData> all = spans.getFinishedSpanItems();
    SpanData server =
        all.stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    SpanData write =
        all.stream()
            .filter(span -> span.getName().equals("dual-write POST new"))
            .findFirst()
            .orElseThrow();
    assertThat(write.getTraceId()).isEqualTo(server.getTraceId());
    assertThat(write.getParentSpanId()).isEqualTo(server.getSpanId());
    List<SpanData> reads =
        all.stream().filter(span -> span.getName().startsWith("read-back")).toList();
    assertThat(reads)
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder("read-back GET legacy", "read-back GET new");
    assertThat(reads)
        .allSatisfy(
            read -> {
              assertThat(read.getTraceId()).isEqualTo(server.getTraceId());
              assertThat(read.getParentSpanId()).isEqualTo(write.getSpanId());
            });
  }
}
