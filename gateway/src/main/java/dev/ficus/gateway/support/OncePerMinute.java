package dev.ficus.gateway.support;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a log line through once per minute per key (a route), and counts what it held back, so a
 * stream of hostile answers is said once a minute with how many there were, never a line each.
 */
public final class OncePerMinute {

  private static final long MINUTE_NANOS = 60_000_000_000L;

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong held = new AtomicLong();
  }

  /**
   * Whether to log now for this key; -1 when not (the event is counted), else how many were held
   * back since the last line.
   */
  public long due(String key) {
    Window window = windows.computeIfAbsent(key, k -> new Window());
    long now = System.nanoTime();
    long last = window.last.get();
    if ((last == Long.MIN_VALUE || now - last >= MINUTE_NANOS)
        && window.last.compareAndSet(last, now)) {
      return window.held.getAndSet(0);
    }
    window.held.incrementAndGet();
    return -1;
  }
}
