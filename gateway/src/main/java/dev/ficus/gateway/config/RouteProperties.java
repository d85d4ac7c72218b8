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
 * @param mode {@code legacy}, {@code shadow}, {@code dual-write}, {@code canary} or {@code new};
 *     {@code legacy} when unset
 * @param flag in {@code canary} mode, the flag that sends a user to the new service when on
 * @param timeout this route's timeouts; {@code ficus.timeout} when unset
 * @param shadow calling the side that did not serve, for comparison
 * @param compare how the two sides' answers are compared
 * @param circuitBreaker when to stop sending users to the new side after it fails
 * @param fallback serving a failed request of the new side from legacy
 * @param guardrails when to roll the whole route back to legacy
 * @param capture this route's override of {@code ficus.capture}
 * @param autopilot stepping the route to the new side by itself while the evidence holds
 * @param dualWrite in stage {@code dual-write}, how writes sent to both sides are read back; the
 *     stage needs it
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
    @DefaultValue Compare compare,
    @DefaultValue CircuitBreaker circuitBreaker,
    @DefaultValue Fallback fallback,
    @DefaultValue Guardrails guardrails,
    @DefaultValue RouteCapture capture,
    @DefaultValue Autopilot autopilot,
    DualWrite dualWrite) {

  /**
   * Stage {@code dual-write}: every write (POST, PUT, PATCH, DELETE) legacy answered goes to the
   * new side too, once, and after {@code delay} the entity is read back from both sides and
   * compared.
   *
   * @param id where each side's write answer names the entity: a JSON Pointer ({@code /id}) or an
   *     XML element path ({@code /trip/id}); without it, the last segment of the {@code Location}
   *     header, and for PUT, PATCH and DELETE the last segment of the request path
   * @param readBack the entity's read path, {@code {id}} standing for each side's own id, e.g.
   *     {@code /trips/{id}}
   * @param delay how long after both writes the entity is read back
   * @param attempts read-backs before a difference is called a divergence (each {@code delay} after
   *     the last), for services whose reads catch up with their writes later
   * @param readBackHeaders headers sent with every read-back (a service account's credentials, for
   *     example); the user's own headers and cookies never are
   */
  public record DualWrite(
      String id,
      String readBack,
      @DefaultValue("1s") java.time.Duration delay,
      @DefaultValue("2") int attempts,
      java.util.Map<String, String> readBackHeaders) {}

  /**
   * The autopilot: from {@code shadow} through canary shares to 100% (and {@code new} when {@code
   * promote}), each step held at least {@code hold} and {@code minComparisons} comparisons while
   * the verdict holds over the step's window; on a failure, to {@code onFailure}, and stopped.
   *
   * @param enabled whether the autopilot steps the route
   * @param steps the canary shares, in order
   * @param hold the least time at each step
   * @param minComparisons the least comparisons at each step
   * @param promote after 100%, go on to stage {@code new}
   * @param onFailure {@code legacy} (every user back on legacy, the comparison going on in stage
   *     {@code shadow}) or {@code previous} (the step before)
   * @param dryRun only say what it would do
   * @param webhook a URL each step is POSTed to as JSON; none when unset
   */
  public record Autopilot(
      @DefaultValue("false") boolean enabled,
      @DefaultValue({"1", "5", "25", "50", "100"}) List<Integer> steps,
      @DefaultValue("10m") java.time.Duration hold,
      @DefaultValue("200") long minComparisons,
      @DefaultValue("false") boolean promote,
      @DefaultValue("legacy") String onFailure,
      @DefaultValue("false") boolean dryRun,
      String webhook) {}

  /**
   * @param enabled record this route's exchanges; {@code ficus.capture.enabled} when unset
   * @param sampleRate share of users recorded; {@code ficus.capture.sample-rate} when unset
   */
  public record RouteCapture(Boolean enabled, Double sampleRate) {}

  /**
   * The new side's circuit breaker (resilience4j): connection errors, timeouts and 5xx answers
   * count as failures; while it is open, users the flag sends to new are served by legacy.
   *
   * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
   * @param slidingWindowSize calls in the window
   * @param minimumNumberOfCalls calls needed before the failure rate is judged
   * @param waitDurationInOpenState how long the breaker stays open before letting trial calls
   *     through
   * @param permittedCallsInHalfOpenState trial calls that decide whether it closes again
   */
  public record CircuitBreaker(
      @DefaultValue("50") float failureRateThreshold,
      @DefaultValue("20") int slidingWindowSize,
      @DefaultValue("10") int minimumNumberOfCalls,
      @DefaultValue("30s") java.time.Duration waitDurationInOpenState,
      @DefaultValue("3") int permittedCallsInHalfOpenState) {}

  /**
   * @param enabled serve a request from legacy when the new side fails it (error, timeout, 5xx)
   * @param methods methods safe to send again to legacy; others get a problem+json error instead
   */
  public record Fallback(
      @DefaultValue("true") boolean enabled,
      @DefaultValue({"GET", "HEAD", "OPTIONS"}) List<String> methods) {}

  /**
   * Automatic rollback: when the new side misbehaves over the window, every user is served by
   * legacy and the comparison goes on as shadow, until an operator recovers the route.
   *
   * @param enabled whether the guardrails watch the route
   * @param window the last this many calls (and comparisons) are judged
   * @param minRequests calls (or comparisons) needed before judging
   * @param maxErrorRate highest acceptable share of failed or 5xx new-side calls
   * @param maxMismatchRate highest acceptable share of mismatches among comparisons
   * @param maxLatencyFactor the new side's p95 latency may be at most this many times legacy's; off
   *     when unset (latency over a short window is noisy, so this guardrail is opted into)
   */
  public record Guardrails(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("100") int window,
      @DefaultValue("20") int minRequests,
      @DefaultValue("0.25") double maxErrorRate,
      @DefaultValue("0.5") double maxMismatchRate,
      Double maxLatencyFactor) {}

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
      @DefaultValue("64") int maxInFlight,
      Reads reads) {}

  /**
   * Requests that are not GET, HEAD or OPTIONS but are reads: shadowed and compared like GETs.
   *
   * @param soapOperations SOAP operations that are reads, by name
   * @param graphql {@code queries}: GraphQL documents whose selected operation is a query
   * @param jsonRpcMethods JSON-RPC 2.0 methods that are reads
   * @param requests method and path patterns ({@code POST /search/**}) whose requests are reads
   * @param maxBodyBytes how much of a body is read to tell; a longer body is a write
   */
  public record Reads(
      List<String> soapOperations,
      String graphql,
      List<String> jsonRpcMethods,
      List<ReadRequest> requests,
      @DefaultValue("64KB") DataSize maxBodyBytes) {}

  /**
   * @param method the request method, e.g. POST
   * @param path the path pattern: {@code *} within a segment, {@code **} for any segments
   */
  public record ReadRequest(String method, String path) {}

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
      @DefaultValue("1MB") DataSize maxBodyBytes,
      @DefaultValue("false") boolean xmlComments,
      @DefaultValue("false") boolean xmlProcessingInstructions) {}

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
