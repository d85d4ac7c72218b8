package dev.ficus.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.compare.Side;
import dev.ficus.compare.analysis.Tally;
import dev.ficus.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The store as each kind holds it: a real PostgreSQL, and the embedded H2 file. */
class EvidenceStoreTest {

  static PostgresServer postgres;
  @TempDir static Path dir;

  @BeforeAll
  static void startPostgres() {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  static int databases;

  static Stream<EvidenceStore> stores() {
    databases++;
    return Stream.of(
        EvidenceStore.jdbc(
            postgres.createDatabase("evidence_" + databases), PostgresServer.USER, ""),
        EvidenceStore.embedded(dir.resolve("h2-" + databases)));
  }

  static Bucket bucket(
      String replica, Instant start, int seconds, String stage, long... latencies) {
    HandClock clock = new HandClock(start.toString());
    BucketRecorder recorder =
        new BucketRecorder("trips", replica, "i1", Duration.ofSeconds(seconds), clock, stage, null);
    for (long latency : latencies) {
      Evidence.request(recorder, latency, latency * 2, Evidence.match(), start);
    }
    Bucket recorded = recorder.drain().get(0);
    return new Bucket(
        recorded.route(),
        replica,
        "i1",
        Bucket.LIVE,
        start,
        Duration.ofSeconds(seconds),
        stage,
        null,
        recorded.figures(),
        start.plusSeconds(seconds));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void bucketsComeBackAsWrittenAndAWriteAgainReplaces(EvidenceStore store) throws Exception {
    try (store) {
      store.migrate();
      store.migrate();
      Instant start = Instant.parse("2026-11-29T10:00:00Z");
      store.write(List.of(bucket("a", start, 10, "shadow", 1_000, 2_000)));
      store.write(List.of(bucket("a", start, 10, "shadow", 1_000, 2_000, 3_000)));
      store.write(List.of(bucket("b", start, 10, "shadow", 5_000)));
      List<Bucket> read = store.read("trips", Bucket.LIVE, start, start.plusSeconds(10));
      assertThat(read).hasSize(2);
      Bucket a = read.stream().filter(b -> b.replica().equals("a")).findFirst().orElseThrow();
      assertThat(a.figures().decisions().get("legacy")).isEqualTo(3);
      assertThat(a.figures().latency().get("legacy").getTotalCount()).isEqualTo(3);
      assertThat(a.figures().latency().get("new").getMaxValue()).isBetween(5_990L, 6_010L);
      assertThat(store.read("trips", Bucket.LIVE, start.plusSeconds(10), start.plusSeconds(20)))
          .isEmpty();
      assertThat(store.describe()).doesNotContain("password");
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void theStepBeganWhereTheLastBucketOfAnotherStageEnded(EvidenceStore store) throws Exception {
    try (store) {
      store.migrate();
      Instant start = Instant.parse("2026-11-29T10:00:00Z");
      assertThat(store.stepBegan("trips", Bucket.LIVE, "canary", null)).isEmpty();
      store.write(
          List.of(
              bucket("a", start, 10, "shadow", 1_000),
              bucket("a", start.plusSeconds(10), 10, "canary", 1_000),
              bucket("b", start.plusSeconds(20), 10, "shadow", 1_000),
              bucket("a", start.plusSeconds(30), 10, "canary", 1_000)));
      assertThat(store.stepBegan("trips", Bucket.LIVE, "canary", null))
          .hasValue(start.plusSeconds(30));
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void compactionKeepsCountsAndPercentilesExactAtItsBoundaries(EvidenceStore store)
      throws Exception {
    try (store) {
      store.migrate();
      Instant hour = Instant.parse("2026-11-27T10:00:00Z");
      List<Bucket> buckets = new ArrayList<>();
      Histogram all = new Histogram(Duration.ofMinutes(10).toNanos() / 1_000, 3);
      for (int i = 0; i < 360; i++) {
        long[] latencies = {1_000 + i * 37L, 250_000 + i * 11L, 3_000 + (i % 7) * 1_000L};
        for (long latency : latencies) {
          all.recordValue(latency);
        }
        buckets.add(
            bucket("a", hour.plusSeconds(i * 10L), 10, i < 180 ? "shadow" : "canary", latencies));
      }
      store.write(buckets);
      Instant now = Instant.parse("2026-11-29T12:00:00Z");
      int merged = store.compact("a", now);
      assertThat(merged).isPositive();
      List<Bucket> coarse = store.read("trips", Bucket.LIVE, hour, hour.plusSeconds(3600));
      assertThat(coarse).as("two hour buckets: one per stage").hasSize(2);
      assertThat(coarse).extracting(Bucket::stage).containsExactly("shadow", "canary");
      Tally.Snapshot figures =
          Tally.Snapshot.merge(coarse.stream().map(Bucket::figures).toList(), 500);
      Histogram legacy = figures.latency().get("legacy");
      assertThat(legacy.getTotalCount()).isEqualTo(1_080);
      for (double percentile : new double[] {50, 95, 99, 99.9}) {
        assertThat(legacy.getValueAtPercentile(percentile))
            .as("p%s", percentile)
            .isEqualTo(all.getValueAtPercentile(percentile));
      }
      assertThat(figures.decisions().get(Side.LEGACY.label())).isEqualTo(1_080);
      assertThat(store.compact("a", now)).as("nothing left to merge").isZero();

      assertThat(store.expire(now.minus(Duration.ofDays(1)))).isEqualTo(2);
      assertThat(store.read("trips", Bucket.LIVE, Instant.EPOCH, now)).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void theAutopilotsLeaseIsHeldByOneReplicaAtATime(EvidenceStore store) throws Exception {
    try (store) {
      Instant now = Instant.parse("2026-11-29T10:00:00Z");
      Duration ttl = Duration.ofSeconds(10);
      assertThat(store.pilot("trips")).isEqualTo(AutopilotStore.Pilot.NONE);
      assertThat(store.lease("trips", "a", now, ttl)).isTrue();
      assertThat(store.lease("trips", "b", now.plusSeconds(1), ttl)).isFalse();
      assertThat(store.lease("trips", "a", now.plusSeconds(5), ttl)).as("renewed").isTrue();
      assertThat(store.lease("trips", "b", now.plusSeconds(14), ttl)).isFalse();
      assertThat(store.lease("trips", "b", now.plusSeconds(16), ttl)).as("ran out").isTrue();
      assertThat(store.pilot("trips").holder()).isEqualTo("b");
      store.release("trips", "a");
      assertThat(store.pilot("trips").holder()).as("only the holder releases").isEqualTo("b");
      store.release("trips", "b");
      assertThat(store.lease("trips", "a", now.plusSeconds(17), ttl)).as("released").isTrue();
      assertThat(store.lease("vehicles", "b", now, ttl)).as("another route").isTrue();

      store.stop("trips", "paused", "by operator", now);
      assertThat(store.pilot("trips").stopped()).isEqualTo("paused");
      assertThat(store.pilot("trips").why()).isEqualTo("by operator");
      assertThat(store.pilot("trips").holder()).as("a pause keeps the lease").isEqualTo("a");
      store.stop("trips", null, null, now);
      assertThat(store.pilot("trips").stopped()).isNull();
      store.stop("routes-never-leased", "failed", "mismatches", now);
      assertThat(store.pilot("routes-never-leased").stopped()).isEqualTo("failed");

      store.recordStep(
          "trips", new AutopilotStore.Step(now, "advance", "shadow", "canary 1%", "ready", "a"));
      store.recordStep(
          "trips",
          new AutopilotStore.Step(
              now.plusSeconds(60), "advance", "canary 1%", "canary 5%", "x".repeat(3000), "a"));
      assertThat(store.steps("trips", 10))
          .extracting(AutopilotStore.Step::to)
          .containsExactly("canary 1%", "canary 5%");
      assertThat(store.steps("trips", 1))
          .extracting(AutopilotStore.Step::to)
          .containsExactly("canary 5%");
      assertThat(store.steps("trips", 10).get(1).reason()).hasSize(2000);
    }
  }
}
