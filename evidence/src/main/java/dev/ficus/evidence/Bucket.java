package dev.ficus.evidence;

import dev.ficus.compare.analysis.Tally;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One replica's evidence of one route over a span of time: the unit the store keeps. A bucket never
 * spans a change of the route's stage or share, so a window "since the stage began" is exact.
 *
 * @param route the route id
 * @param replica the replica that recorded it
 * @param instance which start of the replica (a restarted replica keeps its name, and writes anew)
 * @param source {@code live} (the gateway's traffic) or {@code replay}
 * @param start when it begins
 * @param length how long it lasts at most (10 s as recorded; longer once compacted)
 * @param stage the route's stage while it was recorded
 * @param share the route's canary share then, or null
 * @param figures what was recorded
 * @param writtenAt when it was last written
 */
public record Bucket(
    String route,
    String replica,
    String instance,
    String source,
    Instant start,
    Duration length,
    String stage,
    Integer share,
    Tally.Snapshot figures,
    Instant writtenAt) {

  public static final String LIVE = "live";
  public static final String REPLAY = "replay";

  public Bucket {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(replica, "replica");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(figures, "figures");
  }

  public Instant end() {
    return start.plus(length);
  }

  /** The same bucket as written at {@code time}. */
  public Bucket writtenAt(Instant time) {
    return new Bucket(route, replica, instance, source, start, length, stage, share, figures, time);
  }

  /**
   * Where a bucket lies in the route's steps, without its figures.
   *
   * @param stage the route's stage while it was recorded
   * @param share the canary share then, or null
   * @param start when it begins
   * @param end when it ends
   */
  public record Span(String stage, Integer share, Instant start, Instant end) {

    /** Whether it was recorded at that stage and share. */
    public boolean of(String stage, Integer share) {
      return this.stage.equals(stage) && Objects.equals(this.share, share);
    }
  }

  /** Identifies a bucket in the store: a bucket written again replaces the one before. */
  public record Key(String route, String replica, String instance, String source, Instant start) {}

  public Key key() {
    return new Key(route, replica, instance, source, start);
  }

  @Override
  public String toString() {
    return "Bucket["
        + route
        + " "
        + replica
        + " "
        + start
        + "+"
        + length.toSeconds()
        + "s "
        + stage
        + "]";
  }
}
