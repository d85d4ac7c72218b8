package dev.ficus.gateway.route;

import dev.ficus.compare.operation.ReadDeclaration;
import dev.ficus.compare.rules.CompareRules;
import dev.ficus.gateway.fleet.RouteStage;

/**
 * A route's validated shadow and comparison settings.
 *
 * @param reverse whether users served by the new side (stages {@code canary} and {@code new}) are
 *     compared against legacy too; in stage {@code shadow}, and while rolled back, every request is
 *     compared anyway
 * @param sampleRate share of users whose requests are shadowed
 * @param writes whether writes are shadowed too
 * @param maxInFlight shadow calls in flight at once
 * @param rules how answers are compared
 * @param noiseDetection whether a sample of safe requests also goes to legacy a second time
 * @param noiseSampleRate the share of shadowed safe requests that do
 * @param maxBodyBytes bodies above this size are not compared
 * @param reads which requests that are not GET, HEAD or OPTIONS are reads, shadowed and compared
 *     like GETs (SOAP operations, GraphQL queries, JSON-RPC methods, read request patterns)
 */
public record ShadowSettings(
    boolean reverse,
    double sampleRate,
    boolean writes,
    int maxInFlight,
    CompareRules rules,
    boolean noiseDetection,
    double noiseSampleRate,
    long maxBodyBytes,
    ReadDeclaration reads) {

  /** No shadow: the catch-all and plain routes. */
  public static ShadowSettings off() {
    return new ShadowSettings(
        false, 0, false, 1, CompareRules.ofDefaults(), false, 0, 1 << 20, ReadDeclaration.NONE);
  }

  /** Whether the other side is called and compared at this stage. */
  public boolean comparesAt(RouteStage stage) {
    if (stage.rollback() != null) {
      return true;
    }
    return switch (stage.stage()) {
      case LEGACY -> false;
      case SHADOW, DUAL_WRITE -> true;
      case CANARY, NEW -> reverse;
    };
  }
}
