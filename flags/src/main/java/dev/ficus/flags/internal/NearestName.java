package dev.ficus.flags.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The known name a misspelled one most likely meant, by edit distance (letters added, dropped or
 * changed, case ignored), so that an error can say "did you mean flexibleRollout?". A name too far
 * from every known one gets no suggestion rather than a misleading one.
 */
final class NearestName {

  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

  private NearestName() {}

  /** The nearest of {@code known} to {@code written}, when it is near enough to be a typo. */
  static Optional<String> among(String written, Collection<String> known) {
    String wanted = written.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = DISTANCE.apply(wanted, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best != null && bestDistance <= Math.max(2, wanted.length() / 3)
        ? Optional.of(best)
        : Optional.empty();
  }

  /** {@code "; did you mean NAME?"}, or nothing when no known name is near. */
  static String suggestion(String written, Collection<String> known) {
    return among(written, known).map(name -> "; did you mean " + name + "?").orElse("");
  }
}
