package dev.ficus.gateway.route;

import java.time.Duration;
import java.util.Set;
import org.springframework.http.HttpMethod;

/**
 * A route's validated protection of its users: the new side's circuit breaker, the fallback to
 * legacy, and the guardrails.
 *
 * @param failureRateThreshold percentage of failed calls that opens the breaker
 * @param slidingWindowSize calls in the breaker's window
 * @param minimumNumberOfCalls calls before the breaker judges
 * @param waitDurationInOpenState how long it stays open before trial calls
 * @param permittedCallsInHalfOpenState trial calls when half-open
 * @param fallbackEnabled whether a failed new-side request is served by legacy
 * @param fallbackMethods the methods that may be sent to legacy after the new side failed them
 * @param guardrailsEnabled whether the guardrails watch the route
 * @param window calls (and comparisons) the guardrails judge
 * @param minRequests calls (or comparisons) before the guardrails judge
 * @param maxErrorRate highest acceptable new-side error rate
 * @param maxMismatchRate highest acceptable mismatch rate
 * @param maxLatencyFactor highest acceptable new p95 over legacy p95
 */
public record ResilienceSettings(
    float failureRateThreshold,
    int slidingWindowSize,
    int minimumNumberOfCalls,
    Duration waitDurationInOpenState,
    int permittedCallsInHalfOpenState,
    boolean fallbackEnabled,
    Set<HttpMethod> fallbackMethods,
    boolean guardrailsEnabled,
    int window,
    int minRequests,
    double maxErrorRate,
    double maxMismatchRate,
    double maxLatencyFactor) {

  public ResilienceSettings {
    fallbackMethods = Set.copyOf(fallbackMethods);
  }

  /** The defaults, with guardrails off: for the legacy catch-all, which has no new side. */
  public static ResilienceSettings none() {
    return new ResilienceSettings(
        50, 20, 10, Duration.ofSeconds(30), 3, false, Set.of(), false, 100, 20, 1, 1, 1000);
  }
}
