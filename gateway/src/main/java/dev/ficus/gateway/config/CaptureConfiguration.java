package dev.ficus.gateway.config;

import dev.ficus.compare.capture.CaptureWriter;
import dev.ficus.compare.capture.Redaction;
import dev.ficus.gateway.capture.CaptureRecorder;
import dev.ficus.gateway.route.RouteTable;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Capture: the writer (when any route records), its metrics, and the recorder the filters use. */
@Configuration(proxyBeanMethods = false)
class CaptureConfiguration {

  private static final Logger log = LoggerFactory.getLogger(CaptureConfiguration.class);

  /**
   * What is redacted before anything is written or shown: captures, stored evidence, examples of
   * differences. The credential headers always; the rest from {@code ficus.capture.redact}.
   */
  @Bean
  Redaction redaction(FicusProperties properties) {
    FicusProperties.Redact redact = properties.capture().redact();
    try {
      return Redaction.of(redact.headers(), redact.queryParams(), redact.bodyPaths());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException("ficus.capture.redact: " + e.getMessage());
    }
  }

  /**
   * The recorder. Spring closes it after the shadow dispatcher, which depends on it and lets its
   * in-flight shadows finish when it closes, so their exchanges are written too.
   */
  @Bean(destroyMethod = "close")
  CaptureRecorder captureRecorder(
      FicusProperties properties, RouteTable table, MeterRegistry meters) {
    FicusProperties.Capture capture = properties.capture();
    CaptureWriter.Settings settings = settings(capture);
    boolean anyRoute = table.routes().stream().anyMatch(route -> route.capture().enabled());
    if (!anyRoute) {
      return new CaptureRecorder(null);
    }
    CaptureWriter writer =
        new CaptureWriter(
            settings, problem -> log.error("Capture: {}", problem), Clock.systemUTC());
    register(meters, writer, "accepted", CaptureWriter.Status::accepted);
    register(meters, writer, "written", CaptureWriter.Status::written);
    register(meters, writer, "dropped", CaptureWriter.Status::dropped);
    register(meters, writer, "failed", CaptureWriter.Status::failed);
    log.info(
        "Capturing {} into {}",
        table.routes().stream()
            .filter(route -> route.capture().enabled())
            .map(r -> r.id())
            .toList(),
        settings.dir().toAbsolutePath());
    return new CaptureRecorder(writer);
  }

  private static void register(
      MeterRegistry meters,
      CaptureWriter writer,
      String outcome,
      ToDoubleFunction<CaptureWriter.Status> value) {
    FunctionCounter.builder("ficus.capture.records", writer, w -> value.applyAsDouble(w.status()))
        .description("Capture records by what became of them")
        .tag("outcome", outcome)
        .register(meters);
  }

  private static CaptureWriter.Settings settings(FicusProperties.Capture capture) {
    List<String> problems = new ArrayList<>();
    Path dir = null;
    try {
      dir = Path.of(capture.dir() == null || capture.dir().isBlank() ? "?" : capture.dir());
      if (capture.dir() == null || capture.dir().isBlank()) {
        problems.add("ficus.capture.dir: is empty; name a folder, e.g. capture");
      }
    } catch (InvalidPathException e) {
      problems.add("ficus.capture.dir: '" + capture.dir() + "' is not a path: " + e.getReason());
    }
    if (!(capture.sampleRate() >= 0 && capture.sampleRate() <= 1)) {
      problems.add(
          "ficus.capture.sample-rate: '" + capture.sampleRate() + "' must be between 0 and 1");
    }
    long maxBody = bytes(problems, "ficus.capture.max-body-bytes", capture.maxBodyBytes());
    long maxFile = bytes(problems, "ficus.capture.max-file-size", capture.maxFileSize());
    long maxQueued = bytes(problems, "ficus.capture.max-queued-bytes", capture.maxQueuedBytes());
    if (capture.maxFileAge() == null
        || capture.maxFileAge().isNegative()
        || capture.maxFileAge().toSeconds() < 1) {
      problems.add(
          "ficus.capture.max-file-age: '"
              + capture.maxFileAge()
              + "' must be at least 1s, e.g. 1h");
    }
    if (capture.queueCapacity() < 1) {
      problems.add(
          "ficus.capture.queue-capacity: '" + capture.queueCapacity() + "' must be at least 1");
    }
    Redaction redaction = null;
    FicusProperties.Redact redact = capture.redact();
    try {
      redaction = Redaction.of(redact.headers(), redact.queryParams(), redact.bodyPaths());
    } catch (IllegalArgumentException e) {
      problems.add("ficus.capture.redact: " + e.getMessage());
    }
    if (maxBody > Integer.MAX_VALUE - 8) {
      problems.add("ficus.capture.max-body-bytes: must be at most 2GB");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return new CaptureWriter.Settings(
        dir, maxFile, capture.maxFileAge(), capture.queueCapacity(), maxQueued, redaction);
  }

  private static long bytes(List<String> problems, String property, DataSize size) {
    if (size == null || size.toBytes() < 1) {
      problems.add(property + ": '" + size + "' must be at least 1B, e.g. 64KB");
      return 1;
    }
    return size.toBytes();
  }
}
