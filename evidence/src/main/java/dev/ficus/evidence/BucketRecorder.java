package dev.ficus.evidence;

import dev.ficus.compare.Side;
import dev.ficus.compare.analysis.Tally;
import dev.ficus.compare.capture.Redaction;
import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.compare.outcome.SkipReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One route's evidence on this replica, in buckets: records into the open bucket (a tally of its
 * own), which closes at the next multiple of the bucket length, or at once when the route's stage
 * or share changes. Recording is what the live tally does, no more; nothing here waits for the
 * store.
 */
public final class BucketRecorder {

  /** Path shapes kept per bucket. */
  static final int MAX_PATHS = 100;

  private final String route;
  private final String replica;
  private final String instance;
  private final Redaction redaction;
  private final long lengthMillis;
  private final Clock clock;
  private volatile Open open;
  private volatile Supplier<Step> step;

  /** Buckets closed since the last two drains: late records may still reach them. */
  private final List<Closed> closed = new ArrayList<>();

  /** The route's stage and share, by which buckets are cut. */
  public record Step(String stage, Integer share) {}

  private record Open(Tally tally, Instant start, long endMillis, String stage, Integer share) {}

  private record Closed(Open bucket, long endMillis, int drains) {}

  /**
   * @param instance this start of the replica, the same for all its routes: a restarted replica
   *     keeps its name and writes as a new instance, never over its own past
   */
  public BucketRecorder(
      String route,
      String replica,
      String instance,
      Duration length,
      Clock clock,
      String stage,
      Integer share) {
    this(route, replica, instance, length, clock, stage, share, null);
  }

  /**
   * @param redaction applied to the examples of differences before they are stored (the capture's:
   *     nothing secret is stored); null for none
   */
  public BucketRecorder(
      String route,
      String replica,
      String instance,
      Duration length,
      Clock clock,
      String stage,
      Integer share,
      Redaction redaction) {
    this.route = route;
    this.replica = replica;
    this.instance = instance;
    this.redaction = redaction;
    this.lengthMillis = length.toMillis();
    this.clock = clock;
    long now = clock.millis();
    this.open = open(now, Math.floorDiv(now, lengthMillis) * lengthMillis, stage, share);
  }

  private Open open(long now, long start, String stage, Integer share) {
    long end = Math.floorDiv(now, lengthMillis) * lengthMillis + lengthMillis;
    return new Open(
        new Tally(MAX_PATHS, redaction), Instant.ofEpochMilli(start), end, stage, share);
  }

  /** The tally records go to now: the open bucket, rolled over when its time is up. */
  private Tally tally() {
    Open current = open;
    long now = clock.millis();
    if (now >= current.endMillis()) {
      current = roll(current, now, current.stage(), current.share());
    }
    return current.tally();
  }

  private synchronized Open roll(Open expected, long now, String stage, Integer share) {
    Open current = open;
    if (current != expected) {
      return current;
    }
    long aligned = Math.floorDiv(now, lengthMillis) * lengthMillis;
    boolean sameStep =
        stage.equals(current.stage()) && java.util.Objects.equals(share, current.share());
    Open next = open(now, sameStep ? aligned : now, stage, share);
    // A step change cuts the bucket where it happens, so no bucket spans two steps.
    closed.add(new Closed(current, sameStep ? current.endMillis() : now, 0));
    open = next;
    return next;
  }

  /** The route's stage or share changed: the open bucket closes, a new one begins now. */
  public void stepChanged(String stage, Integer share) {
    Open current = open;
    if (!stage.equals(current.stage()) || !java.util.Objects.equals(share, current.share())) {
      roll(current, clock.millis(), stage, share);
    }
  }

  /**
   * Reads the route's step from {@code source} from now on: at once, on every {@link #stepNow()},
   * and before every drain, so that a change the recorder was never told of still cuts its bucket
   * by the next write.
   */
  public void follow(Supplier<Step> source) {
    step = source;
    stepNow();
  }

  /**
   * The route's step may have changed: it is read from the source under the recorder's lock, so
   * whichever call comes last leaves the latest step in force, however the calls interleave with
   * the changes. Before {@link #follow} it does nothing.
   */
  public synchronized void stepNow() {
    Supplier<Step> source = step;
    if (source != null) {
      Step now = source.get();
      stepChanged(now.stage(), now.share());
    }
  }

  /**
   * The replica stops: its open bucket ends now, so that it is not taken to last until its planned
   * end (a window "since the stage began" would start after it).
   */
  public synchronized void stop() {
    Open current = open;
    long now = clock.millis();
    if (now < current.endMillis()) {
      closed.add(new Closed(current, Math.max(now, current.start().toEpochMilli() + 1), 0));
      open = open(now, now, current.stage(), current.share());
    }
  }

  public void recordDecision(Side side) {
    tally().recordDecision(side);
  }

  public void recordCall(Side side, RecordedResponse response) {
    tally().recordCall(side, response);
  }

  public void recordSkipped(SkipReason reason) {
    tally().recordSkipped(reason);
  }

  public void recordOutcome(RecordedExchange exchange, Outcome outcome) {
    tally().recordOutcome(exchange, outcome);
  }

  /** A write sent to both sides was counted: converged, diverged, write_failed or abandoned. */
  public void recordDualWrite(String outcome) {
    tally().recordDualWrite(outcome);
  }

  public void recordLearned(List<Difference> legacyAgainstLegacy) {
    tally().recordLearned(legacyAgainstLegacy);
  }

  /**
   * The buckets to write now: the open one as it stands, and those closed lately (written again, so
   * records that reached them late are kept). Empty buckets are left out.
   */
  public synchronized List<Bucket> drain() {
    stepNow();
    Instant now = clock.instant();
    tally();
    List<Bucket> buckets = new ArrayList<>();
    List<Closed> kept = new ArrayList<>();
    for (Closed bucket : closed) {
      add(buckets, bucket.bucket(), bucket.endMillis(), now);
      if (bucket.drains() < 1) {
        kept.add(new Closed(bucket.bucket(), bucket.endMillis(), bucket.drains() + 1));
      }
    }
    closed.clear();
    closed.addAll(kept);
    add(buckets, open, open.endMillis(), now);
    return buckets;
  }

  private void add(List<Bucket> buckets, Open bucket, long endMillis, Instant now) {
    if (bucket.tally().isEmpty()) {
      return;
    }
    buckets.add(
        new Bucket(
            route,
            replica,
            instance,
            Bucket.LIVE,
            bucket.start(),
            Duration.ofMillis(Math.max(1, endMillis - bucket.start().toEpochMilli())),
            bucket.stage(),
            bucket.share(),
            bucket.tally().snapshot(),
            now));
  }

  public String route() {
    return route;
  }

  @Override
  public String toString() {
    return "BucketRecorder[" + route + " from " + open.start() + "]";
  }
}
