package dev.ficus.compare.outcome;

import dev.ficus.compare.diff.Difference;

/**
 * A difference that is noise, and why: {@code learned} (legacy differs from itself there), {@code
 * uuid} or {@code timestamp} (the values are of that nature).
 */
public record NoisyDifference(Difference difference, String reason) {}
