package dev.ficus.gateway.config;

import dev.ficus.evidence.EvidenceStore;
import dev.ficus.evidence.EvidenceWriter;
import dev.ficus.gateway.fleet.EvidenceStorage;
import dev.ficus.gateway.observe.EvidenceRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The evidence store: where it is, its writer, its metrics, and the noise learned before. */
@Configuration(proxyBeanMethods = false)
class EvidenceConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EvidenceConfiguration.class);

  @Bean(destroyMethod = "close")
  EvidenceStorage evidenceStorage(FicusProperties properties, MeterRegistry meters) {
    FicusProperties.Evidence evidence = properties.evidence();
    if (!evidence.enabled()) {
      log.info("Evidence store off (ficus.evidence.enabled: false): no fleet view");
      return EvidenceStorage.off();
    }
    List<String> problems = new ArrayList<>();
    if (evidence.retention() == null || evidence.retention().compareTo(Duration.ofHours(1)) < 0) {
      problems.add(
          "ficus.evidence.retention: '" + evidence.retention() + "' must be at least 1h, e.g. 14d");
    }
    if (evidence.flushInterval() == null
        || evidence.flushInterval().toMillis() < 100
        || evidence.flushInterval().compareTo(Duration.ofSeconds(60)) > 0) {
      problems.add(
          "ficus.evidence.flush-interval: '"
              + evidence.flushInterval()
              + "' must be from 100ms to 60s, e.g. 5s");
    }
    if (evidence.maxPendingBuckets() < 1) {
      problems.add(
          "ficus.evidence.max-pending-buckets: '"
              + evidence.maxPendingBuckets()
              + "' must be at least 1, e.g. 10000");
    }
    EvidenceStore store = null;
    if (evidence.url() != null && !evidence.url().isBlank()) {
      try {
        store = EvidenceStore.jdbc(evidence.url().trim(), evidence.username(), evidence.password());
      } catch (IllegalArgumentException e) {
        problems.add("ficus.evidence.url: " + e.getMessage());
      }
    } else {
      try {
        store = EvidenceStore.embedded(Path.of(evidence.dir()));
      } catch (InvalidPathException | NullPointerException e) {
        problems.add("ficus.evidence.dir: '" + evidence.dir() + "' is not a folder path");
      }
    }
    if (!problems.isEmpty()) {
      if (store != null) {
        store.close();
      }
      throw new InvalidConfigurationException(problems);
    }
    String replica =
        evidence.replica() == null || evidence.replica().isBlank()
            ? hostName()
            : evidence.replica().trim();
    EvidenceStorage storage =
        EvidenceStorage.of(
            store,
            new EvidenceWriter.Settings(
                replica,
                evidence.flushInterval(),
                evidence.maxPendingBuckets(),
                evidence.retention()),
            Clock.systemUTC());
    EvidenceWriter writer = storage.writer();
    FunctionCounter.builder("ficus.evidence.buckets", writer, w -> w.status().written())
        .description(
            "Evidence buckets written to the store (a bucket is written again as it grows)")
        .tag("outcome", "written")
        .register(meters);
    FunctionCounter.builder("ficus.evidence.buckets", writer, w -> w.status().dropped())
        .description(
            "Evidence buckets dropped: the store could not be written and the bound was hit")
        .tag("outcome", "dropped")
        .register(meters);
    Gauge.builder("ficus.evidence.pending", writer, w -> w.status().pending())
        .description("Evidence buckets waiting in memory to be written")
        .register(meters);
    Gauge.builder("ficus.evidence.store.ok", writer, w -> w.status().problem() == null ? 1 : 0)
        .description("1 while the evidence store is written; 0 while it cannot be (buckets wait)")
        .register(meters);
    log.info("Evidence kept in {} as replica {}", store.describe(), replica);
    return storage;
  }

  /** Once every route exists: what was learned of legacy's noise before this start comes back. */
  @Bean
  SmartInitializingSingleton evidenceNoiseSeeding(
      EvidenceStorage storage, EvidenceRegistry registry) {
    return () -> storage.seedNoise(registry);
  }

  private static String hostName() {
    String host = System.getenv("HOSTNAME");
    if (host != null && !host.isBlank()) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "replica-" + ProcessHandle.current().pid();
    }
  }
}
