package dev.ficus.compare;

import java.util.Locale;

/** The two upstreams of every migrated route. */
public enum Side {
  LEGACY,
  NEW;

  /** The name used in logs, problem responses and reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Side other() {
    return this == LEGACY ? NEW : LEGACY;
  }
}
