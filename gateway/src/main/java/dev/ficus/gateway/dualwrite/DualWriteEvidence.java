package dev.ficus.gateway.dualwrite;

import dev.ficus.compare.analysis.DualWriteFigures;
import dev.ficus.evidence.BucketRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one route's writes sent to both sides showed: a count per outcome (also the Micrometer
 * counter {@code ficus.dual.write}, {@code ficus_dual_write_total} in Prometheus) and its most
 * recent divergences.
 */
public final class DualWriteEvidence {

  /** Recent divergences kept per route for the admin API. */
  public static final int RECENT_DIVERGENCES = 100;

  private final Map<DualWriteOutcome, LongAdder> counts = new EnumMap<>(DualWriteOutcome.class);
  private final Map<DualWriteOutcome, Counter> counters = new EnumMap<>(DualWriteOutcome.class);
  private final Deque<Divergence> recent = new ArrayDeque<>();
  private final LongAdder pending = new LongAdder();

  private final BucketRecorder buckets;

  /**
   * @param buckets where the counts go to the evidence store too; null when the store is off
   */
  public DualWriteEvidence(String route, MeterRegistry meters, BucketRecorder buckets) {
    this.buckets = buckets;
    for (DualWriteOutcome outcome : DualWriteOutcome.values()) {
      counts.put(outcome, new LongAdder());
      counters.put(
          outcome,
          Counter.builder("ficus.dual.write")
              .description(
                  "Writes of the route sent to both sides (stage dual-write), by outcome:"
                      + " converged, diverged, write_failed, abandoned")
              .tag("route", route)
              .tag("outcome", outcome.label())
              .register(meters));
    }
  }

  /** One write is counted: it left the pending ones, if it was among them. */
  public void record(DualWriteOutcome outcome) {
    counts.get(outcome).increment();
    counters.get(outcome).increment();
    if (buckets != null) {
      buckets.recordDualWrite(outcome.label());
    }
  }

  public void recordDivergence(Divergence divergence) {
    record(DualWriteOutcome.DIVERGED);
    synchronized (recent) {
      recent.addFirst(divergence);
      while (recent.size() > RECENT_DIVERGENCES) {
        recent.removeLast();
      }
    }
  }

  /** A read-back is scheduled and not yet counted. */
  void pendingStarted() {
    pending.increment();
  }

  void pendingEnded() {
    pending.decrement();
  }

  /** Read-backs scheduled and not yet counted. */
  public long pending() {
    return pending.sum();
  }

  /** The most recent divergences, newest first. */
  public List<Divergence> recentDivergences(int limit) {
    synchronized (recent) {
      return recent.stream().limit(Math.max(0, limit)).toList();
    }
  }

  /** The counts so far; null when the route never wrote to both sides. */
  public DualWriteFigures figures() {
    DualWriteFigures figures =
        new DualWriteFigures(
            counts.get(DualWriteOutcome.CONVERGED).sum(),
            counts.get(DualWriteOutcome.DIVERGED).sum(),
            counts.get(DualWriteOutcome.WRITE_FAILED).sum(),
            counts.get(DualWriteOutcome.ABANDONED).sum());
    return figures.total() == 0 && pending() == 0 ? null : figures;
  }

  @Override
  public String toString() {
    return "DualWriteEvidence" + counts;
  }
}
