package dev.ficus.compare.diff;

import java.util.Locale;

/** The closed set of ways two answers can differ at one path. */
public enum DifferenceKind {
  VALUE_CHANGED,
  TYPE_CHANGED,
  MISSING_ON_NEW,
  EXTRA_ON_NEW,
  ARRAY_LENGTH_CHANGED,
  ARRAY_ORDER_CHANGED;

  private final String label = name().toLowerCase(Locale.ROOT);

  public String label() {
    return label;
  }
}
