package dev.ficus.gateway.config;

import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

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
 * @param shadow calling the side that did not serve, for comparison
 * @param compare how the two sides' answers are compared
 */
public record RouteProperties(
    String id,
    List<String> paths,
    List<String> methods,
    String newUri,
    String mode,
    String flag,
    FicusProperties.Timeouts timeout,
    @DefaultValue Shadow shadow,
    @DefaultValue Compare compare) {

  /**
   * @param enabled call the side that did not serve and compare; always on in {@code shadow} mode,
   *     off by default in {@code canary} and {@code new} mode (where on means the reverse shadow
   *     too)
   * @param sampleRate share of users (sticky per user) whose requests are shadowed, 0 to 1
   * @param writes shadow writes too (not only GET, HEAD, OPTIONS); a write is then sent to both
   *     sides
   * @param maxInFlight shadow calls of this route in flight at once; further ones are dropped and
   *     counted
   */
  public record Shadow(
      Boolean enabled,
      @DefaultValue("1.0") double sampleRate,
      @DefaultValue("false") boolean writes,
      @DefaultValue("64") int maxInFlight) {}

  /**
   * @param ignore JSON Pointer paths to leave out of the comparison; {@code *} stands for any one
   *     segment
   * @param tolerance numeric tolerances per path
   * @param unordered arrays compared without regard to order
   * @param headers response headers compared besides the status code
   * @param noiseDetection send a sample of safe requests to legacy twice and learn where legacy
   *     differs from itself
   * @param noiseSampleRate share of shadowed safe requests that are also sent to legacy a second
   *     time
   * @param maxBodyBytes bodies above this size stream through uncompared
   */
  public record Compare(
      List<String> ignore,
      List<ToleranceRule> tolerance,
      List<UnorderedRule> unordered,
      List<String> headers,
      @DefaultValue("false") boolean noiseDetection,
      @DefaultValue("0.1") double noiseSampleRate,
      @DefaultValue("1MB") DataSize maxBodyBytes) {}

  /**
   * @param path a JSON Pointer, {@code *} for any one segment
   * @param absolute largest accepted absolute difference
   * @param relative largest accepted difference relative to the larger magnitude
   */
  public record ToleranceRule(String path, Double absolute, Double relative) {}

  /**
   * @param path a JSON Pointer to an array, {@code *} for any one segment
   * @param key the field that pairs elements; by equality when unset
   */
  public record UnorderedRule(String path, String key) {}
}
