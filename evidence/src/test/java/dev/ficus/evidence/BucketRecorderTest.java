package dev.ficus.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketRecorderTest {

  final HandClock clock = new HandClock("2026-11-29T10:00:03Z");
  final BucketRecorder recorder =
      new BucketRecorder("trips", "a", "i1", Duration.ofSeconds(10), clock, "shadow", null);

  @Test
  void bucketsAreTenSecondsAlignedToTheClockAndEmptyOnesAreNotWritten() {
    assertThat(recorder.drain()).as("nothing recorded yet").isEmpty();
    Evidence.request(recorder, 1_000, 2_000, Evidence.match(), clock.now);
    List<Bucket> open = recorder.drain();
    assertThat(open).hasSize(1);
    assertThat(open.get(0).start()).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
    assertThat(open.get(0).length()).isEqualTo(Duration.ofSeconds(10));
    assertThat(open.get(0).figures().outcomes().get("match")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(8));
    Evidence.request(recorder, 1_000, 2_000, Evidence.mismatch("/fare"), clock.now);
    List<Bucket> rolled = recorder.drain();
    assertThat(rolled)
        .extracting(Bucket::start)
        .containsExactly(
            Instant.parse("2026-11-29T10:00:00Z"), Instant.parse("2026-11-29T10:00:10Z"));
    assertThat(rolled.get(0).figures().outcomes().get("match")).isEqualTo(1);
    assertThat(rolled.get(1).figures().outcomes().get("mismatch")).isEqualTo(1);
  }

  @Test
  void aClosedBucketIsWrittenOnceMoreSoLateRecordsAreKept() {
    Evidence.request(recorder, 1_000, 2_000, Evidence.match(), clock.now);
    clock.advance(Duration.ofSeconds(10));
    Evidence.request(recorder, 1_000, 2_000, Evidence.match(), clock.now);
    assertThat(recorder.drain()).hasSize(2);
    assertThat(recorder.drain()).as("once more").hasSize(2);
    assertThat(recorder.drain()).as("then only the open one").hasSize(1);
  }

  @Test
  void aStoppedRecorderEndsItsOpenBucketWhenItStops() {
    Evidence.request(recorder, 1_000, 2_000, Evidence.match(), clock.now);
    clock.advance(Duration.ofSeconds(1));
    recorder.stop();
    List<Bucket> buckets = recorder.drain();
    assertThat(buckets).hasSize(1);
    assertThat(buckets.get(0).end()).isEqualTo(Instant.parse("2026-11-29T10:00:04Z"));
  }

  @Test
  void aStageChangeCutsTheBucketWhereItHappens() {
    Evidence.request(recorder, 1_000, 2_000, Evidence.match(), clock.now);
    clock.advance(Duration.ofSeconds(2));
    recorder.stepChanged("canary", 5);
    Evidence.request(recorder, 1_000, 2_000, Evidence.match(), clock.now);
    List<Bucket> buckets = recorder.drain();
    assertThat(buckets).hasSize(2);
    assertThat(buckets.get(0).stage()).isEqualTo("shadow");
    assertThat(buckets.get(0).end()).isEqualTo(Instant.parse("2026-11-29T10:00:05Z"));
    assertThat(buckets.get(1).stage()).isEqualTo("canary");
    assertThat(buckets.get(1).share()).isEqualTo(5);
    assertThat(buckets.get(1).start()).isEqualTo(Instant.parse("2026-11-29T10:00:05Z"));
    assertThat(buckets.get(1).end()).isEqualTo(Instant.parse("2026-11-29T10:00:10Z"));
  }

  @Test
  void aFollowedStepIsReadAtOnceAndAgainBeforeEveryDrainThoughNoOneTellsOfTheChange() {
    java.util.concurrent.atomic.AtomicReference<BucketRecorder.Step> step =
        new java.util.concurrent.atomic.AtomicReference<>(new BucketRecorder.Step("shadow", 0));
    // Built with the step read before the flag source's first answer (no share), the recorder
    // follows the source: its first bucket already has the share the source gave meanwhile.
    recorder.follow(step::get);
    Evidence.request(recorder, 1_000, 2_000, Evidence.match(), clock.now);
    assertThat(recorder.drain()).singleElement().extracting(Bucket::share).isEqualTo(0);

    clock.advance(Duration.ofSeconds(2));
    step.set(new BucketRecorder.Step("canary", 5));
    List<Bucket> buckets = recorder.drain();
    assertThat(buckets)
        .as("the change is cut where the drain saw it; the new bucket is empty, so not written")
        .extracting(Bucket::stage, Bucket::share, Bucket::end)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "shadow", 0, Instant.parse("2026-11-29T10:00:05Z")));
    Evidence.request(recorder, 1_000, 2_000, Evidence.match(), clock.now);
    assertThat(recorder.drain())
        .extracting(Bucket::stage, Bucket::share)
        .contains(org.assertj.core.groups.Tuple.tuple("canary", 5));
  }
}
