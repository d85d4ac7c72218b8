package dev.ficus.gateway.config;

import java.util.List;

/**
 * One migrated route, {@code ficus.routes[i]}.
 *
 * @param id a unique name, used in logs, metrics and the admin API
 * @param paths Spring path patterns the route claims, e.g. {@code /trips/**}
 * @param methods HTTP methods the route claims; all when empty
 * @param newUri base URI of the new service
 * @param mode {@code legacy}, {@code shadow}, {@code canary} or {@code new}; {@code legacy} when
 *     unset
 * @param flag in {@code canary} mode, the flag that sends a user to the new service when on
 * @param timeout this route's timeouts; {@code ficus.timeout} when unset
 */
public record RouteProperties(
    String id,
    List<String> paths,
    List<String> methods,
    String newUri,
    String mode,
    String flag,
    FicusProperties.Timeouts timeout) {}
