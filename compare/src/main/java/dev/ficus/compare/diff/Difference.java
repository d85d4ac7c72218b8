package dev.ficus.compare.diff;

/**
 * One difference between the legacy and the new answer, at a path: a JSON Pointer into the body
 * ({@code /items/0/price}, {@code ""} for the whole body), {@code :status} for the status code, or
 * {@code :header/NAME} for a compared header. Values are rendered as compact JSON, cut to a bounded
 * length.
 */
public sealed interface Difference {

  /** Where the answers differ. */
  String path();

  /** How they differ. */
  DifferenceKind kind();

  /** Legacy's value at the path, as JSON text, or null where it has none. */
  String legacy();

  /** The new side's value at the path, as JSON text, or null where it has none. */
  String fresh();

  /** The same difference found under {@code prefix}: a part's difference within its body. */
  static Difference under(String prefix, Difference difference) {
    String path = prefix + difference.path();
    if (difference instanceof ValueChanged d) {
      return new ValueChanged(path, d.legacy(), d.fresh());
    }
    if (difference instanceof TypeChanged d) {
      return new TypeChanged(path, d.legacyType(), d.newType());
    }
    if (difference instanceof MissingOnNew d) {
      return new MissingOnNew(path, d.legacy());
    }
    if (difference instanceof ExtraOnNew d) {
      return new ExtraOnNew(path, d.fresh());
    }
    if (difference instanceof ArrayLengthChanged d) {
      return new ArrayLengthChanged(path, d.legacyLength(), d.newLength());
    }
    return new ArrayOrderChanged(path);
  }

  /** The status code of the two answers differs. */
  String STATUS = ":status";

  /** Prefix of the path of a compared header. */
  String HEADER = ":header/";

  /** Same type, different value. */
  record ValueChanged(String path, String legacy, String fresh) implements Difference {
    @Override
    public DifferenceKind kind() {
      return DifferenceKind.VALUE_CHANGED;
    }
  }

  /** Different JSON types (or body kinds) at the same path. */
  record TypeChanged(String path, String legacyType, String newType) implements Difference {
    @Override
    public DifferenceKind kind() {
      return DifferenceKind.TYPE_CHANGED;
    }

    @Override
    public String legacy() {
      return legacyType;
    }

    @Override
    public String fresh() {
      return newType;
    }
  }

  /** Legacy has a value here; the new side has none. */
  record MissingOnNew(String path, String legacy) implements Difference {
    @Override
    public DifferenceKind kind() {
      return DifferenceKind.MISSING_ON_NEW;
    }

    @Override
    public String fresh() {
      return null;
    }
  }

  /** The new side has a value here; legacy has none. */
  record ExtraOnNew(String path, String fresh) implements Difference {
    @Override
    public DifferenceKind kind() {
      return DifferenceKind.EXTRA_ON_NEW;
    }

    @Override
    public String legacy() {
      return null;
    }
  }

  /** The arrays at this path have different lengths. */
  record ArrayLengthChanged(String path, int legacyLength, int newLength) implements Difference {
    @Override
    public DifferenceKind kind() {
      return DifferenceKind.ARRAY_LENGTH_CHANGED;
    }

    @Override
    public String legacy() {
      return Integer.toString(legacyLength);
    }

    @Override
    public String fresh() {
      return Integer.toString(newLength);
    }
  }

  /** The arrays at this path hold the same elements in a different order. */
  record ArrayOrderChanged(String path) implements Difference {
    @Override
    public DifferenceKind kind() {
      return DifferenceKind.ARRAY_ORDER_CHANGED;
    }

    @Override
    public String legacy() {
      return null;
    }

    @Override
    public String fresh() {
      return null;
    }
  }
}
