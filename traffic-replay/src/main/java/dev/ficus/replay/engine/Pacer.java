package dev.ficus.replay.engine;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces out requests: at a fixed rate, at a multiple of the recorded pace, or as fast as the
 * concurrency allows.
 */
final class Pacer {

  private final Double rate;
  private final Double speed;
  private long started = -1;
  private long sent;
  private Instant firstRecorded;

  Pacer(Double rate, Double speed) {
    this.rate = rate;
    this.speed = speed;
  }

  /** Waits until the next request is due. */
  void await(Instant recorded) {
    long now = System.nanoTime();
    if (started < 0) {
      started = now;
    }
    long due;
    if (rate != null) {
      due = started + (long) (sent * 1e9 / rate);
    } else if (speed != null && recorded != null) {
      if (firstRecorded == null) {
        firstRecorded = recorded;
      }
      long offset = java.time.Duration.between(firstRecorded, recorded).toNanos();
      due = started + (long) (Math.max(0, offset) / speed);
    } else {
      due = now;
    }
    sent++;
    while ((now = System.nanoTime()) < due) {
      LockSupport.parkNanos(due - now);
    }
  }
}
