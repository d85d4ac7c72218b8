package dev.ficus.compare;

import java.util.Locale;

/** The two upstreams of every migrated route. */
public enum Side {
  LEGACY,
  NEW;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The name used in logs, problem responses and reports. */
  public String label() {
    return label;
  }

  public Side other() {
    return this == LEGACY ? NEW : LEGACY;
  }
}
