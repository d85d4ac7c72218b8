package dev.ficus.gateway.testing;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Declares {@code ficus.routes[i]} for a test context, as a user's configuration file would. */
public final class Routes {

  private Routes() {}

  /** A route claiming one path pattern; {@code newUri} may be null for a legacy route. */
  public static String route(
      DynamicPropertyRegistry registry, int i, String id, String path, String mode, String newUri) {
    String prefix = "ficus.routes[" + i + "].";
    registry.add(prefix + "id", () -> id);
    registry.add(prefix + "paths[0]", () -> path);
    registry.add(prefix + "mode", () -> mode);
    if (newUri != null) {
      registry.add(prefix + "new-uri", () -> newUri);
    }
    return prefix;
  }
}
