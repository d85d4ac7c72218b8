package dev.ficus.replay.engine;

import java.net.URI;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How a replay runs.
 *
 * @param newUri the new side
 * @param legacyUri legacy, called live; null to compare against the recorded legacy answers
 * @param concurrency requests in flight at once
 * @param rate requests per second at most, or null
 * @param speed replay at this multiple of the recorded pace, or null
 * @param routes only these route ids; all when empty
 * @param methods only these methods; all (safe ones, unless {@code includeWrites}) when empty
 * @param path only paths matching this glob, or null
 * @param limit replay at most this many exchanges; 0 for all
 * @param includeWrites replay writes too (not only GET, HEAD, OPTIONS)
 * @param timeout per call
 * @param headers headers set on every replayed request (such as a test credential)
 * @param maxMismatchRate the verdict's mismatch-rate threshold for this run, in place of the
 *     config's {@code ficus.verdict.max-mismatch-rate}; null keeps the config's
 * @param allowInsufficientData pass a route with too few comparisons for a verdict (by default it
 *     fails: nothing was checked enough)
 */
public record ReplayOptions(
    URI newUri,
    URI legacyUri,
    int concurrency,
    Double rate,
    Double speed,
    Set<String> routes,
    Set<String> methods,
    PathMatcher path,
    long limit,
    boolean includeWrites,
    Duration timeout,
    Map<String, String> headers,
    Double maxMismatchRate,
    boolean allowInsufficientData) {}
