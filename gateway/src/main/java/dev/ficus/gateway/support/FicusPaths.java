package dev.ficus.gateway.support;

/**
 * The paths Ficus keeps for itself (admin API, fleet view, console, actuator): never proxied, never
 * claimed by a route.
 */
public final class FicusPaths {

  /** Everything of Ficus's own lives under this prefix. */
  public static final String PREFIX = "/ficus";

  private FicusPaths() {}

  /** Whether a request path is Ficus's own. */
  public static boolean reserved(String path) {
    return path.startsWith(PREFIX)
        && (path.length() == PREFIX.length() || path.charAt(PREFIX.length()) == '/');
  }
}
