package dev.ficus.gateway.resilience;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Sliding windows over a route's most recent new-side calls, comparisons and latencies, judged
 * against the route's limits after every record. Says why when a limit is crossed.
 */
final class Guardrail {

  /**
   * @param window calls (or comparisons) judged
   * @param minRequests calls (or comparisons) needed before judging
   * @param maxErrorRate highest acceptable share of failed new-side calls
   * @param maxMismatchRate highest acceptable share of mismatches
   * @param maxLatencyFactor highest acceptable new p95 over legacy p95
   */
  record Limits(
      int window,
      int minRequests,
      double maxErrorRate,
      double maxMismatchRate,
      double maxLatencyFactor) {}

  private final Limits limits;
  private final Window errors;
  private final Window mismatches;
  private final long[] newLatency;
  private final long[] legacyLatency;
  private int newLatencies;
  private int legacyLatencies;

  Guardrail(Limits limits) {
    this.limits = limits;
    this.errors = new Window(limits.window());
    this.mismatches = new Window(limits.window());
    this.newLatency = new long[limits.window()];
    this.legacyLatency = new long[limits.window()];
  }

  synchronized Optional<String> recordNewCall(boolean failed, long latencyMicros) {
    errors.add(failed);
    if (latencyMicros > 0) {
      newLatency[newLatencies++ % newLatency.length] = latencyMicros;
    }
    if (errors.size() >= limits.minRequests() && errors.rate() > limits.maxErrorRate()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "new error rate %.1f%% over %.1f%% in the last %d calls",
              errors.rate() * 100,
              limits.maxErrorRate() * 100,
              errors.size()));
    }
    return newLatencies % 10 == 0 && Double.isFinite(limits.maxLatencyFactor())
        ? latency()
        : Optional.empty();
  }

  synchronized void recordLegacyCall(long latencyMicros) {
    if (latencyMicros > 0) {
      legacyLatency[legacyLatencies++ % legacyLatency.length] = latencyMicros;
    }
  }

  synchronized Optional<String> recordComparison(boolean mismatch) {
    mismatches.add(mismatch);
    if (mismatches.size() >= limits.minRequests() && mismatches.rate() > limits.maxMismatchRate()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "mismatch rate %.1f%% over %.1f%% in the last %d comparisons",
              mismatches.rate() * 100,
              limits.maxMismatchRate() * 100,
              mismatches.size()));
    }
    return Optional.empty();
  }

  private Optional<String> latency() {
    int newCount = Math.min(newLatencies, newLatency.length);
    int legacyCount = Math.min(legacyLatencies, legacyLatency.length);
    if (newCount < limits.minRequests() || legacyCount < limits.minRequests()) {
      return Optional.empty();
    }
    long newP95 = p95(newLatency, newCount);
    long legacyP95 = Math.max(1, p95(legacyLatency, legacyCount));
    if (newP95 > limits.maxLatencyFactor() * legacyP95) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "new p95 latency %.1f ms over %.1f x legacy p95 %.1f ms",
              newP95 / 1000.0,
              limits.maxLatencyFactor(),
              legacyP95 / 1000.0));
    }
    return Optional.empty();
  }

  private static long p95(long[] values, int count) {
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    return sorted[Math.min(count - 1, (int) Math.ceil(count * 0.95) - 1)];
  }

  synchronized void clear() {
    errors.clear();
    mismatches.clear();
    newLatencies = 0;
    legacyLatencies = 0;
  }

  /** The last {@code capacity} yes/no observations. */
  private static final class Window {
    private final boolean[] values;
    private int next;
    private int size;
    private int yes;

    Window(int capacity) {
      this.values = new boolean[capacity];
    }

    void add(boolean value) {
      if (size == values.length) {
        yes -= values[next] ? 1 : 0;
      } else {
        size++;
      }
      values[next] = value;
      yes += value ? 1 : 0;
      next = (next + 1) % values.length;
    }

    int size() {
      return size;
    }

    double rate() {
      return size == 0 ? 0 : (double) yes / size;
    }

    void clear() {
      Arrays.fill(values, false);
      next = 0;
      size = 0;
      yes = 0;
    }
  }
}
