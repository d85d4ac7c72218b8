package dev.ficus.gateway.route;

import java.util.Locale;

/** The two upstreams of every migrated route. */
public enum Side {
  LEGACY,
  NEW;

  /** The name used in logs, problem responses and reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
