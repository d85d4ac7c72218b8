package dev.ficus.compare.rules;

/**
 * Numbers at {@code path} are equal when they differ by at most {@code absolute}, or by at most
 * {@code relative} times the larger magnitude.
 */
public record Tolerance(PointerPattern path, double absolute, double relative) {

  public Tolerance {
    if (absolute < 0 || Double.isNaN(absolute)) {
      throw new IllegalArgumentException(
          "tolerance absolute for " + path + " must be 0 or more, was " + absolute);
    }
    if (relative < 0 || Double.isNaN(relative)) {
      throw new IllegalArgumentException(
          "tolerance relative for " + path + " must be 0 or more, was " + relative);
    }
  }

  public boolean accepts(double legacy, double fresh) {
    double delta = Math.abs(legacy - fresh);
    return delta <= absolute || delta <= relative * Math.max(Math.abs(legacy), Math.abs(fresh));
  }
}
