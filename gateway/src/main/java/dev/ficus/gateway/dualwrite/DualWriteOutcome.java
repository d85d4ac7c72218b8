package dev.ficus.gateway.dualwrite;

import java.util.Locale;

/** How one write sent to both sides came out; the {@code outcome} of {@code ficus_dual_write}. */
public enum DualWriteOutcome {
  /** The entity read back alike from both sides (a deleted one gone from both). */
  CONVERGED,
  /** The entity read back differently, or not at all from one side, after every attempt. */
  DIVERGED,
  /** The new side failed, timed out or refused the write legacy took. */
  WRITE_FAILED,
  /** The read-back was still pending when the gateway stopped, or could not be scheduled. */
  ABANDONED;

  private final String label = name().toLowerCase(Locale.ROOT);

  public String label() {
    return label;
  }
}
