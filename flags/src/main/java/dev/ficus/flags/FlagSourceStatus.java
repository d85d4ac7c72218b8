package dev.ficus.flags;

import java.time.Duration;
import java.time.Instant;

/**
 * How a flag source is doing. A problem never changes a decision by itself: the last good flags
 * stay in force.
 *
 * @param source what the flags are read from, e.g. {@code file flags.json}
 * @param state {@code ok}; {@code rejected} (the last content read was not valid: the last good
 *     flags stay in force); {@code unreachable} (the last read failed); {@code stale} (no
 *     successful read for more than three refresh intervals); {@code none} (no flag source: no
 *     route has a flag)
 * @param problem what is wrong, in words; null when ok
 * @param lastSuccess when the source was last read successfully; null if never
 * @param problemSince when the current problem began; null when ok
 * @param refreshInterval how often the source is read
 */
public record FlagSourceStatus(
    String source,
    String state,
    String problem,
    Instant lastSuccess,
    Instant problemSince,
    Duration refreshInterval) {

  public static final String OK = "ok";
  public static final String REJECTED = "rejected";
  public static final String UNREACHABLE = "unreachable";
  public static final String STALE = "stale";
  public static final String NONE = "none";

  /** Whether the flags in force are the source's current ones. */
  public boolean healthy() {
    return OK.equals(state) || NONE.equals(state);
  }
}
