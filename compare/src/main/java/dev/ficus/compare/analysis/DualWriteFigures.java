package dev.ficus.compare.analysis;

/**
 * How a route's writes sent to both sides (stage {@code dual-write}) came out: the entity read back
 * from both sides alike or not, the new side's write failed, or the read-back never ran.
 *
 * @param converged writes whose entity read back alike from both sides (a deleted one gone from
 *     both)
 * @param diverged writes whose entity read back differently (or not at all from one side) after
 *     every attempt
 * @param writeFailed writes the new side failed, timed out or refused while legacy took them
 * @param abandoned writes whose read-back was still pending when the gateway stopped, or could not
 *     be scheduled
 */
public record DualWriteFigures(long converged, long diverged, long writeFailed, long abandoned) {

  /** Nothing yet. */
  public static final DualWriteFigures NONE = new DualWriteFigures(0, 0, 0, 0);

  /** Writes whose entity was read back from both sides: the trials of the divergence rate. */
  public long readBacks() {
    return converged + diverged;
  }

  /** Diverged among read-backs (0 with none). */
  public double divergenceRate() {
    return readBacks() == 0 ? 0 : (double) diverged / readBacks();
  }

  /** Every write counted here. */
  public long total() {
    return converged + diverged + writeFailed + abandoned;
  }
}
