package dev.ficus.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.testing.PostgresServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Writing to a real PostgreSQL that goes down and comes back: nothing accepted is lost up to the
 * bound, what is past it is counted, and the store is never waited for by the recording.
 */
class EvidenceWriterTest {

  static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void bucketsWaitInMemoryWhileTheStoreIsDownAndAreWrittenWhenItIsBack() throws Exception {
    String url = postgres.createDatabase("writer_outage");
    HandClock clock = new HandClock("2026-11-29T10:00:00Z");
    BucketRecorder recorder =
        new BucketRecorder("trips", "a", "i1", Duration.ofSeconds(10), clock, "shadow", null);
    try (EvidenceStore store = EvidenceStore.jdbc(url, PostgresServer.USER, "");
        EvidenceWriter writer =
            new EvidenceWriter(
                store,
                new EvidenceWriter.Settings("a", Duration.ofHours(1), 1_000, Duration.ofDays(14)),
                clock)) {
      writer.register(recorder);
      for (int i = 0; i < 6; i++) {
        Evidence.request(recorder, 1_000, 2_000, Evidence.match(), clock.now);
        clock.advance(Duration.ofSeconds(10));
      }
      writer.flush();
      assertThat(writer.status().state()).isEqualTo("ok");

      postgres.stop();
      try {
        for (int i = 0; i < 8; i++) {
          Evidence.request(recorder, 1_000, 2_000, Evidence.match(), clock.now);
          clock.advance(Duration.ofSeconds(10));
          writer.flush();
        }
        EvidenceWriter.Status down = writer.status();
        assertThat(down.state()).isEqualTo("unavailable");
        assertThat(down.problem()).contains("cannot write to " + url);
        assertThat(down.pending()).isGreaterThanOrEqualTo(8);
        assertThat(down.dropped()).isZero();
      } finally {
        postgres.startAgain();
      }
      // The next flushes (every few seconds in a gateway) write what waited.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                writer.flush();
                return writer.status().state().equals("ok");
              });
      assertThat(writer.status().pending()).isLessThanOrEqualTo(2);
      List<Bucket> stored =
          store.read("trips", Bucket.LIVE, Instant.EPOCH, clock.now.plusSeconds(60));
      long requests = stored.stream().mapToLong(b -> b.figures().decisions().get("legacy")).sum();
      assertThat(requests).as("every request recorded, outage or not").isEqualTo(14);
    }
  }

  @Test
  void pastTheBoundTheOldestBucketsAreDroppedAndCounted() throws Exception {
    String url = postgres.createDatabase("writer_bound");
    HandClock clock = new HandClock("2026-11-29T10:00:00Z");
    BucketRecorder recorder =
        new BucketRecorder("trips", "a", "i1", Duration.ofSeconds(10), clock, "shadow", null);
    try (EvidenceStore store = EvidenceStore.jdbc(url, PostgresServer.USER, "");
        EvidenceWriter writer =
            new EvidenceWriter(
                store,
                new EvidenceWriter.Settings("a", Duration.ofHours(1), 5, Duration.ofDays(14)),
                clock)) {
      writer.register(recorder);
      postgres.stop();
      try {
        for (int i = 0; i < 12; i++) {
          Evidence.request(recorder, 1_000, 2_000, Evidence.match(), clock.now);
          clock.advance(Duration.ofSeconds(10));
          writer.flush();
        }
        assertThat(writer.status().pending()).isEqualTo(5);
        assertThat(writer.status().dropped()).isEqualTo(7);
      } finally {
        postgres.startAgain();
      }
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                writer.flush();
                return writer.status().state().equals("ok");
              });
      List<Bucket> stored =
          store.read("trips", Bucket.LIVE, Instant.EPOCH, clock.now.plusSeconds(60));
      assertThat(stored).as("the newest five were kept").hasSize(5);
      assertThat(stored.get(0).start()).isEqualTo(Instant.parse("2026-11-29T10:01:10Z"));
    }
  }
}
