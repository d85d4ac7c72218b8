package dev.ficus.replay.engine;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The replay's concurrency: at most {@code slots} exchanges in flight, fed from a short queue that
 * the reading thread fills in capture order. An exchange that ends takes the next one from the
 * queue and starts it on its own thread (the event loop that delivered its answer). In a steady run
 * the reading thread is woken only when the queue has drained to half, and no thread hands each
 * exchange to another: with a hand-off per exchange (a semaphore and two sender threads), the
 * wake-ups cost a recorded replay more than its calls did.
 *
 * @param <T> what is replayed
 */
final class Slots<T> {

  private final ConcurrentLinkedQueue<T> ready = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger free;
  private final ThreadLocal<Boolean> draining = new ThreadLocal<>();

  /** Exchanges offered that have not ended yet, queued or in flight. */
  private final AtomicLong unfinished = new AtomicLong();

  private final int capacity;
  private final Function<T, CompletionStage<?>> start;
  private volatile Thread waiting;

  /**
   * @param slots exchanges in flight at most
   * @param start starts one exchange, never throwing; the exchange ends when the stage completes
   */
  Slots(int slots, Function<T, CompletionStage<?>> start) {
    this.free = new AtomicInteger(slots);
    this.capacity = Math.max(64, slots * 8);
    this.start = start;
  }

  /** Queues an exchange, waiting while the queue is full. Called by the one reading thread. */
  void offer(T item) {
    if (queued.get() >= capacity) {
      while (queued.get() > capacity / 2) {
        waitFor(() -> queued.get() <= capacity / 2);
      }
    }
    unfinished.incrementAndGet();
    queued.incrementAndGet();
    ready.offer(item);
    drain();
  }

  /** Ends an exchange: its slot takes the next one queued, if any. */
  private void end() {
    free.incrementAndGet();
    drain();
    if (unfinished.decrementAndGet() == 0 && waiting != null) {
      wake();
    }
  }

  /** Waits until every exchange offered has ended. Called by the reading thread. */
  void awaitAll() {
    while (unfinished.get() > 0) {
      waitFor(() -> unfinished.get() == 0);
    }
  }

  /**
   * Starts queued exchanges while slots are free, on the calling thread. Any thread may: each
   * claims a free slot before it takes an exchange, so none waits for another that the scheduler
   * has put aside. An exchange that ends at once (a request that cannot be sent) frees its slot for
   * the loop already running on its thread instead of starting the next one from inside itself.
   */
  private void drain() {
    if (draining.get() == Boolean.TRUE) {
      return;
    }
    draining.set(Boolean.TRUE);
    try {
      while (!ready.isEmpty()) {
        int slots = free.get();
        if (slots <= 0) {
          return;
        }
        if (!free.compareAndSet(slots, slots - 1)) {
          continue;
        }
        T item = ready.poll();
        if (item == null) {
          free.incrementAndGet();
          continue;
        }
        if (queued.decrementAndGet() == capacity / 2 && waiting != null) {
          wake();
        }
        start.apply(item).whenComplete((ignored, error) -> end());
      }
    } finally {
      draining.set(Boolean.FALSE);
    }
  }

  private void waitFor(BooleanSupplier done) {
    waiting = Thread.currentThread();
    try {
      if (!done.getAsBoolean()) {
        // Bounded, in case a wake-up falls between the check and the park.
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
      }
    } finally {
      waiting = null;
    }
  }

  private void wake() {
    Thread thread = waiting;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }
}
