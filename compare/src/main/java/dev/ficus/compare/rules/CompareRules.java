package dev.ficus.compare.rules;

import dev.ficus.compare.exchange.HeaderNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How one route's answers are compared: paths to ignore, numeric tolerances, unordered arrays, and
 * the headers to compare besides the status code. Immutable; build with {@link #custom()}.
 */
public final class CompareRules {

  private static final CompareRules NONE = custom().build();

  private final List<PointerPattern> ignored;
  private final List<Tolerance> tolerances;
  private final List<UnorderedArray> unordered;
  private final List<String> headers;
  private final boolean xmlComments;
  private final boolean xmlProcessingInstructions;

  private CompareRules(Builder builder) {
    this.ignored = List.copyOf(builder.ignored);
    this.tolerances = List.copyOf(builder.tolerances);
    this.unordered = List.copyOf(builder.unordered);
    this.headers = List.copyOf(builder.headers);
    this.xmlComments = builder.xmlComments;
    this.xmlProcessingInstructions = builder.xmlProcessingInstructions;
  }

  /** No ignored paths, exact numbers, ordered arrays, status code only. */
  public static CompareRules ofDefaults() {
    return NONE;
  }

  public static Builder custom() {
    return new Builder();
  }

  public boolean isIgnored(String[] path, int depth) {
    for (PointerPattern pattern : ignored) {
      if (pattern.matches(path, depth)) {
        return true;
      }
    }
    return false;
  }

  public Tolerance tolerance(String[] path, int depth) {
    for (Tolerance tolerance : tolerances) {
      if (tolerance.path().matches(path, depth)) {
        return tolerance;
      }
    }
    return null;
  }

  public UnorderedArray unordered(String[] path, int depth) {
    for (UnorderedArray array : unordered) {
      if (array.path().matches(path, depth)) {
        return array;
      }
    }
    return null;
  }

  /** Whether any rule looks at body paths at all, so the diff can skip the checks. */
  public boolean hasPathRules() {
    return !ignored.isEmpty() || !tolerances.isEmpty() || !unordered.isEmpty();
  }

  /** Header names to compare, in lower case, in the order configured. */
  public List<String> headers() {
    return headers;
  }

  /** Whether XML comments inside the document element are compared ({@code #comment} paths). */
  public boolean xmlComments() {
    return xmlComments;
  }

  /**
   * Whether XML processing instructions inside the document element are compared ({@code #pi}
   * paths, the target as attribute {@code @target}).
   */
  public boolean xmlProcessingInstructions() {
    return xmlProcessingInstructions;
  }

  public List<PointerPattern> ignored() {
    return ignored;
  }

  @Override
  public String toString() {
    return "CompareRules[ignore="
        + ignored
        + ", tolerance="
        + tolerances
        + ", unordered="
        + unordered
        + ", headers="
        + headers
        + (xmlComments ? ", xml-comments" : "")
        + (xmlProcessingInstructions ? ", xml-processing-instructions" : "")
        + "]";
  }

  /**
   * Collects rules; each setter rejects a malformed path with an {@link IllegalArgumentException}.
   */
  public static final class Builder {
    private final List<PointerPattern> ignored = new ArrayList<>();
    private final List<Tolerance> tolerances = new ArrayList<>();
    private final List<UnorderedArray> unordered = new ArrayList<>();
    private final Set<String> headers = new LinkedHashSet<>();
    private boolean xmlComments;
    private boolean xmlProcessingInstructions;

    private Builder() {}

    /** Compares XML comments too (left out by default). */
    public Builder xmlComments(boolean compared) {
      xmlComments = compared;
      return this;
    }

    /** Compares XML processing instructions too (left out by default). */
    public Builder xmlProcessingInstructions(boolean compared) {
      xmlProcessingInstructions = compared;
      return this;
    }

    public Builder ignore(String path) {
      ignored.add(PointerPattern.parse(path));
      return this;
    }

    public Builder tolerance(String path, double absolute, double relative) {
      tolerances.add(new Tolerance(PointerPattern.parse(path), absolute, relative));
      return this;
    }

    public Builder unordered(String path, String key) {
      unordered.add(new UnorderedArray(PointerPattern.parse(path), key));
      return this;
    }

    public Builder header(String name) {
      if (!HeaderNames.isValid(name)) {
        throw new IllegalArgumentException("'" + name + "' is not an HTTP header name");
      }
      headers.add(name.toLowerCase(Locale.ROOT));
      return this;
    }

    public CompareRules build() {
      return new CompareRules(this);
    }
  }
}
