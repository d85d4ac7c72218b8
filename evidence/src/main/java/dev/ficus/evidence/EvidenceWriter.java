package dev.ficus.evidence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every route's buckets to the store on a thread of its own, in batches, every flush
 * interval and on close. While the store cannot be written, buckets wait in memory up to a bound;
 * beyond it the oldest are dropped and counted. Also compacts this replica's old buckets and
 * expires everyone's past the retention. Nothing here ever reaches a request.
 */
public final class EvidenceWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EvidenceWriter.class);
  private static final int BATCH = 500;

  /**
   * @param replica this replica's name in the store
   * @param flushInterval how often buckets are written
   * @param maxPending buckets kept in memory at most while the store cannot be written
   * @param retention buckets older than this are deleted
   */
  public record Settings(
      String replica, Duration flushInterval, int maxPending, Duration retention) {}

  /**
   * How writing goes, for the admin report and metrics.
   *
   * @param store where, without credentials
   * @param state {@code ok}, {@code unavailable} (writes are failing; buckets wait in memory)
   * @param problem the last failure, or null
   * @param problemSince when writes began to fail, or null
   * @param lastWrite when a batch was last written
   * @param written buckets written (a bucket is written again as it grows)
   * @param dropped buckets that could not be kept while the store was unavailable
   * @param pending buckets waiting to be written
   */
  public record Status(
      String store,
      String state,
      String problem,
      Instant problemSince,
      Instant lastWrite,
      long written,
      long dropped,
      int pending) {}

  private final EvidenceStore store;
  private final Settings settings;
  private final Clock clock;
  private final List<BucketRecorder> recorders = new CopyOnWriteArrayList<>();
  private final Map<Bucket.Key, Bucket> pending = new LinkedHashMap<>();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final ScheduledExecutorService thread;
  private volatile boolean migrated;
  private volatile String problem;
  private volatile Instant problemSince;
  private volatile Instant lastWrite;
  private Instant lastMaintenance = Instant.EPOCH;

  public EvidenceWriter(EvidenceStore store, Settings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread worker = new Thread(runnable, "ficus-evidence-writer");
              worker.setDaemon(true);
              return worker;
            });
    long every = settings.flushInterval().toMillis();
    thread.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** A route's recorder, whose buckets are written from now on. */
  public void register(BucketRecorder recorder) {
    recorders.add(recorder);
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("Evidence: a flush failed: {}", e.toString());
    }
  }

  /** Takes what every recorder has and writes as much as the store takes. */
  synchronized void flush() {
    for (BucketRecorder recorder : recorders) {
      for (Bucket bucket : recorder.drain()) {
        pending.remove(bucket.key());
        pending.put(bucket.key(), bucket);
      }
    }
    int over = pending.size() - settings.maxPending();
    if (over > 0) {
      Iterator<Bucket.Key> oldest = pending.keySet().iterator();
      for (int i = 0; i < over; i++) {
        oldest.next();
        oldest.remove();
      }
      dropped.addAndGet(over);
      log.warn(
          "Evidence: {} buckets dropped, as {} could not be written and at most {} are kept in"
              + " memory ({} dropped so far)",
          over,
          store.describe(),
          settings.maxPending(),
          dropped.get());
    }
    if (pending.isEmpty()) {
      maintain();
      return;
    }
    try {
      if (!migrated) {
        store.migrate();
        migrated = true;
      }
      List<Bucket> all = new ArrayList<>(pending.values());
      for (int from = 0; from < all.size(); from += BATCH) {
        List<Bucket> batch = all.subList(from, Math.min(all.size(), from + BATCH));
        store.write(batch);
        for (Bucket bucket : batch) {
          pending.remove(bucket.key(), bucket);
        }
        written.addAndGet(batch.size());
      }
      lastWrite = clock.instant();
      if (problem != null) {
        log.warn(
            "Evidence store {} is written again after {} s; {} buckets that waited are written",
            store.describe(),
            Duration.between(problemSince, clock.instant()).toSeconds(),
            all.size());
        problem = null;
        problemSince = null;
      }
      maintain();
    } catch (EvidenceStoreException e) {
      if (problem == null) {
        log.error(
            "Evidence store cannot be written ({}); evidence is kept in memory, up to {} buckets,"
                + " and written when it can be",
            e.getMessage(),
            settings.maxPending());
      }
      if (problem == null) {
        problemSince = clock.instant();
      }
      problem = e.getMessage();
    }
  }

  /** Once a minute: this replica's old buckets compacted, everyone's past retention deleted. */
  private void maintain() {
    Instant now = clock.instant();
    if (!migrated || Duration.between(lastMaintenance, now).toMinutes() < 1) {
      return;
    }
    lastMaintenance = now;
    try {
      store.compact(settings.replica(), now);
      store.expire(now.minus(settings.retention()));
    } catch (EvidenceStoreException e) {
      log.warn("Evidence store maintenance failed: {}", e.getMessage());
    }
  }

  public Status status() {
    int waiting;
    synchronized (this) {
      waiting = pending.size();
    }
    return new Status(
        store.describe(),
        problem == null ? "ok" : "unavailable",
        problem,
        problemSince,
        lastWrite,
        written.get(),
        dropped.get(),
        waiting);
  }

  /** Writes everything recorded so far (once more, for the last buckets), then stops. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    recorders.forEach(BucketRecorder::stop);
    flush();
    int left;
    synchronized (this) {
      left = pending.size();
    }
    if (left > 0) {
      log.error(
          "Evidence: {} buckets could not be written to {} before shutdown and are lost: {}",
          left,
          store.describe(),
          problem);
    }
  }

  @Override
  public String toString() {
    return "EvidenceWriter[" + store.describe() + " " + status().state() + "]";
  }
}
