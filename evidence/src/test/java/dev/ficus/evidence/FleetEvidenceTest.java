package dev.ficus.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.compare.analysis.Verdict;
import dev.ficus.compare.analysis.VerdictPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetEvidenceTest {

  @TempDir Path dir;

  @Test
  void twoReplicasAddUpExactlyAndLatencyComesFromTheMergedHistograms() throws Exception {
    HandClock clock = new HandClock("2026-11-29T10:00:00Z");
    try (EvidenceStore store = EvidenceStore.embedded(dir)) {
      store.migrate();
      Histogram all = new Histogram(Duration.ofMinutes(10).toNanos() / 1_000, 3);
      for (String replica : List.of("a", "b")) {
        BucketRecorder recorder =
            new BucketRecorder("trips", replica, "i1", Duration.ofSeconds(10), clock, "canary", 25);
        for (int i = 0; i < 200; i++) {
          long latency = replica.equals("a") ? 1_000 + i : 50_000 + i * 100L;
          all.recordValue(latency);
          Evidence.request(
              recorder,
              latency,
              latency,
              i % 20 == 0 ? Evidence.mismatch("/fare") : Evidence.match(),
              clock.now);
        }
        store.write(recorder.drain());
      }
      FleetEvidence fleet = new FleetEvidence(store, clock);
      FleetEvidence.Window window = fleet.window("trips", "canary", 25, null, null);
      assertThat(window.from()).isEqualTo(Instant.EPOCH);
      FleetEvidence.View view =
          fleet.view("trips", window, new VerdictPolicy(100, 0.01, 0.64, 0, 0.95));
      assertThat(view.report().decisions().get("legacy")).isEqualTo(400);
      assertThat(view.report().outcomes().get("mismatch")).isEqualTo(20);
      assertThat(view.report().mismatchRate()).isEqualTo(0.05);
      assertThat(view.report().verdict().status()).isEqualTo(Verdict.Status.NOT_READY);
      assertThat(view.report().verdict().reasons())
          .anyMatch(
              r -> r.startsWith("mismatch rate over 1.00%: 20 of 400 differing (lower bound"));
      assertThat(view.report().latency().get("legacy").p50Millis())
          .isEqualTo(Math.round(all.getValueAtPercentile(50) / 10.0) / 100.0);
      assertThat(view.report().latency().get("legacy").p99Millis())
          .isEqualTo(Math.round(all.getValueAtPercentile(99) / 10.0) / 100.0);
      assertThat(view.replicas())
          .extracting(FleetEvidence.Contributor::replica, FleetEvidence.Contributor::requests)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("a", 200L),
              org.assertj.core.groups.Tuple.tuple("b", 200L));
    }
  }

  @Test
  void windowsCutWhereTheySayAndBadOnesAreRefusedNamingTheParameter() throws Exception {
    HandClock clock = new HandClock("2026-11-29T10:00:00Z");
    try (EvidenceStore store = EvidenceStore.embedded(dir)) {
      store.migrate();
      BucketRecorder recorder =
          new BucketRecorder("trips", "a", "i1", Duration.ofSeconds(10), clock, "shadow", null);
      for (int i = 0; i < 60; i++) {
        if (i == 30) {
          recorder.stepChanged("canary", 5);
        }
        Evidence.request(recorder, 1_000, 1_000, Evidence.match(), clock.now);
        clock.advance(Duration.ofSeconds(10));
        store.write(recorder.drain());
      }
      FleetEvidence fleet = new FleetEvidence(store, clock);
      VerdictPolicy policy = VerdictPolicy.ofDefaults();
      assertThat(count(fleet, fleet.window("trips", "canary", 5, null, null), policy))
          .as("since the stage began")
          .isEqualTo(30);
      assertThat(count(fleet, fleet.window("trips", "canary", 5, "2m", null), policy))
          .as("the last two minutes")
          .isEqualTo(12);
      assertThat(
              count(
                  fleet, fleet.window("trips", "canary", 5, null, "2026-11-29T10:09:00Z"), policy))
          .isEqualTo(6);
      assertThatThrownBy(() -> fleet.window("trips", "canary", 5, "soon", null))
          .hasMessageContaining("window 'soon' is not a duration");
      assertThatThrownBy(() -> fleet.window("trips", "canary", 5, null, "yesterday"))
          .hasMessageContaining("since 'yesterday' is neither 'stage' nor an ISO instant");
      assertThatThrownBy(() -> fleet.window("trips", "canary", 5, "2m", "stage"))
          .hasMessageContaining("not both");
    }
  }

  @Test
  void theStageBeforeARollbackKeepsItsOwnVerdictOnceTheRollbackEnds() throws Exception {
    HandClock clock = new HandClock("2026-11-29T10:00:00Z");
    try (EvidenceStore store = EvidenceStore.embedded(dir)) {
      store.migrate();
      BucketRecorder recorder =
          new BucketRecorder("trips", "a", "i1", Duration.ofSeconds(10), clock, "shadow", null);
      FleetEvidence fleet = new FleetEvidence(store, clock);
      VerdictPolicy policy = new VerdictPolicy(20, 0.01, 1, 0.05, 0.95);
      for (int i = 0; i < 90; i++) {
        if (i == 30) {
          recorder.stepChanged("canary", 30);
        } else if (i == 60) {
          // a guardrail rolled the canary back: legacy for everyone, compared as shadow
          recorder.stepChanged("legacy", 30);
        }
        Evidence.request(
            recorder,
            1_000,
            1_000,
            i >= 30 && i < 60 ? Evidence.mismatch("/fare") : Evidence.match(),
            clock.now);
        clock.advance(Duration.ofSeconds(10));
        store.write(recorder.drain());
      }
      assertThat(fleet.lastStage("trips", "legacy", 30, policy))
          .as("while rolled back")
          .hasValueSatisfying(last -> assertThat(last.stage()).isEqualTo("canary"));

      recorder.stepChanged("canary", 30);
      clock.advance(Duration.ofSeconds(10));
      store.write(recorder.drain());
      FleetEvidence.LastStage last = fleet.lastStage("trips", "canary", 30, policy).orElseThrow();
      assertThat(last.stage()).isEqualTo("canary");
      assertThat(last.share()).isEqualTo(30);
      assertThat(last.from()).isEqualTo(Instant.parse("2026-11-29T10:05:00Z"));
      assertThat(last.to()).isEqualTo(Instant.parse("2026-11-29T10:10:00Z"));
      assertThat(last.compared()).isEqualTo(30);
      assertThat(last.verdict().status()).isEqualTo(Verdict.Status.NOT_READY);
      assertThat(last.verdict().reasons())
          .anyMatch(r -> r.startsWith("mismatch rate over 1.00%: 30 of 30 differing"));
      assertThat(count(fleet, fleet.window("trips", "canary", 30, null, null), policy))
          .as("the stage in force starts afresh")
          .isZero();

      Instant firstBucket = clock.now;
      BucketRecorder vans =
          new BucketRecorder("vans", "a", "i1", Duration.ofSeconds(10), clock, "shadow", null);
      for (int i = 0; i < 3; i++) {
        Evidence.request(vans, 1_000, 1_000, Evidence.match(), clock.now);
        clock.advance(Duration.ofSeconds(10));
        store.write(vans.drain());
      }
      vans.stepChanged("canary", 10);
      assertThat(fleet.lastStage("vans", "canary", 10, policy))
          .as("the first stage the store holds begins with its first bucket")
          .hasValueSatisfying(
              first -> {
                assertThat(first.stage()).isEqualTo("shadow");
                assertThat(first.from()).isEqualTo(firstBucket);
                assertThat(first.compared()).isEqualTo(3);
              });
      assertThat(fleet.lastStage("vehicles", "legacy", null, policy)).isEmpty();
    }
  }

  @Test
  void aTimelineHasOnePointPerMinuteWithItsOwnRateAndEmptyMinutesStayEmpty() throws Exception {
    HandClock clock = new HandClock("2026-11-29T10:00:00Z");
    try (EvidenceStore store = EvidenceStore.embedded(dir)) {
      store.migrate();
      BucketRecorder recorder =
          new BucketRecorder("trips", "a", "i1", Duration.ofSeconds(10), clock, "shadow", null);
      for (int i = 0; i < 60; i++) {
        boolean third = i >= 18 && i < 24;
        Evidence.request(
            recorder,
            third ? 9_000 : 1_000,
            1_000,
            third ? Evidence.mismatch("/fare") : Evidence.match(),
            clock.now);
        clock.advance(Duration.ofSeconds(10));
        store.write(recorder.drain());
      }
      clock.advance(Duration.ofMinutes(2));
      FleetEvidence fleet = new FleetEvidence(store, clock);
      FleetEvidence.Timeline timeline =
          fleet.timeline(
              "trips",
              fleet.window("trips", "shadow", null, "15m", null),
              VerdictPolicy.ofDefaults());
      assertThat(timeline.step()).isEqualTo(Duration.ofMinutes(1));
      assertThat(timeline.points())
          .extracting(p -> p.time().toString())
          .startsWith("2026-11-29T10:00:00Z", "2026-11-29T10:01:00Z")
          .endsWith("2026-11-29T10:12:00Z")
          .hasSize(13);
      assertThat(timeline.points())
          .extracting(FleetEvidence.Point::compared)
          .containsExactly(6L, 6L, 6L, 6L, 6L, 6L, 6L, 6L, 6L, 6L, 0L, 0L, 0L);
      assertThat(timeline.points())
          .extracting(FleetEvidence.Point::mismatchRate)
          .containsExactly(0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
      assertThat(timeline.points().get(3).latency().get("legacy").p50Millis())
          .isCloseTo(9.0, org.assertj.core.api.Assertions.within(0.02));
      assertThat(timeline.points().get(4).latency().get("legacy").p50Millis())
          .isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.02));

      FleetEvidence.Timeline days =
          fleet.timeline(
              "trips",
              fleet.window("trips", "shadow", null, "3d", null),
              VerdictPolicy.ofDefaults());
      assertThat(days.step()).isEqualTo(Duration.ofMinutes(72));
      assertThat(days.points()).hasSize(1);
      assertThat(days.points().get(0).compared()).isEqualTo(60);
    }
  }

  private static long count(FleetEvidence fleet, FleetEvidence.Window window, VerdictPolicy policy)
      throws EvidenceStoreException {
    return fleet.view("trips", window, policy).report().decisions().get("legacy");
  }
}
