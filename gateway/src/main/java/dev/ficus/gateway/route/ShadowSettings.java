package dev.ficus.gateway.route;

import dev.ficus.compare.rules.CompareRules;

/**
 * A route's validated shadow and comparison settings.
 *
 * @param enabled whether the side that did not serve is called and compared
 * @param sampleRate share of users whose requests are shadowed
 * @param writes whether writes are shadowed too
 * @param maxInFlight shadow calls in flight at once
 * @param rules how answers are compared
 * @param noiseDetection whether a sample of safe requests also goes to legacy a second time
 * @param noiseSampleRate the share of shadowed safe requests that do
 * @param maxBodyBytes bodies above this size are not compared
 */
public record ShadowSettings(
    boolean enabled,
    double sampleRate,
    boolean writes,
    int maxInFlight,
    CompareRules rules,
    boolean noiseDetection,
    double noiseSampleRate,
    long maxBodyBytes) {

  /** No shadow: the catch-all and plain routes. */
  public static ShadowSettings off() {
    return new ShadowSettings(false, 0, false, 1, CompareRules.ofDefaults(), false, 0, 1 << 20);
  }
}
