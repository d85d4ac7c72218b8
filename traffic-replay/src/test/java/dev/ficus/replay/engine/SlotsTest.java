package dev.ficus.replay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlotsTest {

  @Test
  void everyExchangeRunsOnceWithNeverMoreInFlightThanTheSlots() throws Exception {
    ExecutorService loops = Executors.newFixedThreadPool(4);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ConcurrentLinkedQueue<Integer> startOrder = new ConcurrentLinkedQueue<>();
    AtomicInteger ended = new AtomicInteger();
    Slots<Integer> slots =
        new Slots<>(
            8,
            item -> {
              startOrder.add(item);
              most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              // Ends later on another thread, as an answer on an event loop does.
              return CompletableFuture.runAsync(
                  () -> {
                    if (ThreadLocalRandom.current().nextInt(4) == 0) {
                      Thread.yield();
                    }
                    inFlight.decrementAndGet();
                    ended.incrementAndGet();
                  },
                  loops);
            });
    try {
      for (int i = 0; i < 20_000; i++) {
        slots.offer(i);
      }
      slots.awaitAll();
    } finally {
      loops.shutdown();
      assertThat(loops.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(ended).hasValue(20_000);
    assertThat(most.get()).isBetween(1, 8);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      expected.add(i);
    }
    List<Integer> started = new ArrayList<>(startOrder);
    started.sort(null);
    assertThat(started).isEqualTo(expected);
  }

  @Test
  void exchangesThatEndAtOnceDoNotStartTheNextFromInsideThemselves() {
    AtomicInteger depth = new AtomicInteger();
    AtomicInteger deepest = new AtomicInteger();
    AtomicInteger started = new AtomicInteger();
    Slots<Integer> slots =
        new Slots<>(
            4,
            item -> {
              deepest.accumulateAndGet(depth.incrementAndGet(), Math::max);
              started.incrementAndGet();
              try {
                // A request that cannot be sent: its answer is there before the call returns.
                return CompletableFuture.completedFuture(null);
              } finally {
                depth.decrementAndGet();
              }
            });

    for (int i = 0; i < 100_000; i++) {
      slots.offer(i);
    }
    slots.awaitAll();

    assertThat(started).hasValue(100_000);
    assertThat(deepest).hasValue(1);
  }

  @Test
  void awaitAllWaitsForTheLastExchangeToEnd() throws Exception {
    CompletableFuture<Void> last = new CompletableFuture<>();
    Slots<Integer> slots =
        new Slots<>(2, item -> item == 2 ? last : CompletableFuture.completedFuture(null));
    slots.offer(1);
    slots.offer(2);
    CompletableFuture<Void> awaited = CompletableFuture.runAsync(slots::awaitAll);

    Thread.sleep(50);
    assertThat(awaited).isNotDone();
    last.complete(null);
    awaited.get(10, TimeUnit.SECONDS);
  }
}
