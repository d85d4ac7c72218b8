package dev.ficus.compare.outcome;

import dev.ficus.compare.diff.Difference;
import java.util.List;
import java.util.Locale;

/** What comparing one exchange came to: match, mismatch, or skipped with a reason. */
public sealed interface Outcome {

  /** The closed set of outcome kinds, to switch over and count by. */
  enum Kind {
    MATCH,
    MISMATCH,
    SKIPPED;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
      return label;
    }
  }

  Kind kind();

  /** The answers agree, apart from noise (listed, never hidden). */
  record Match(List<NoisyDifference> noise) implements Outcome {
    public Match {
      noise = List.copyOf(noise);
    }

    @Override
    public Kind kind() {
      return Kind.MATCH;
    }
  }

  /** The answers differ beyond noise. */
  record Mismatch(List<Difference> differences, List<NoisyDifference> noise) implements Outcome {
    public Mismatch {
      differences = List.copyOf(differences);
      noise = List.copyOf(noise);
    }

    @Override
    public Kind kind() {
      return Kind.MISMATCH;
    }
  }

  /** Not compared. */
  record Skipped(SkipReason reason, String detail) implements Outcome {
    @Override
    public Kind kind() {
      return Kind.SKIPPED;
    }
  }

  static Skipped skipped(SkipReason reason) {
    return new Skipped(reason, null);
  }
}
