package dev.ficus.compare.outcome;

import java.util.Locale;

/** Why an exchange was not compared. */
public enum SkipReason {
  /** The user is outside the shadow sample. */
  SAMPLED_OUT,
  /** A write (not GET, HEAD or OPTIONS) on a route that does not shadow writes. */
  WRITE_NOT_SHADOWED,
  /** Too many shadow calls of the route were in flight; this one was dropped. */
  SATURATED,
  /** A body was over the comparison limit. */
  BODY_TOO_LARGE,
  /** A JSON body nests deeper than the diff engines go (1,000 levels). */
  TOO_DEEP,
  /** The content cannot be compared (a stream, a WebSocket). */
  NOT_COMPARABLE,
  /** The primary call failed, so there is nothing to compare against. */
  PRIMARY_FAILED,
  /** The shadow call failed (refused, reset). */
  SHADOW_FAILED,
  /** The shadow call did not answer in time. */
  SHADOW_TIMEOUT,
  /** A write mirrored to the mirror port: never sent on to either side (legacy already had it). */
  MIRRORED_WRITE,
  /** A request mirrored to a route whose stage compares nothing (legacy, or new without shadow). */
  NOT_COMPARED_AT_STAGE,
  /** A replay against recorded answers found no recorded legacy answer for the request. */
  NO_RECORDED_ANSWER;

  private final String label = name().toLowerCase(Locale.ROOT);

  public String label() {
    return label;
  }

  /** Whether only a replay can skip for this reason; the gateway never reports it. */
  public boolean replayOnly() {
    return this == NO_RECORDED_ANSWER;
  }
}
