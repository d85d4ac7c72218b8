package dev.ficus.gateway.route;

import dev.ficus.compare.Side;

/**
 * Which side serves one request, and why.
 *
 * @param side the side that serves the client
 * @param reason why that side was chosen
 */
public record RolloutDecision(Side side, Reason reason) {

  /** Why a side was chosen; a closed set so reports and traces can count by it. */
  public enum Reason {
    /** No migrated route claims the request. */
    NO_ROUTE,
    /** The route's mode sends everyone to one side. */
    MODE,
    /** The flag is on for this user. */
    FLAG_ON,
    /** The flag is off for this user. */
    FLAG_OFF,
    /** The flag is not known to the flag source. */
    FLAG_UNKNOWN,
    /** The request carries no user id, so no per-user decision can be made. */
    NO_IDENTITY,
    /** The new side's circuit breaker is open. */
    BREAKER_OPEN,
    /** The new side failed this request, so legacy served it. */
    FALLBACK,
    /** A guardrail tripped: the route is rolled back to legacy. */
    GUARDRAIL,
    /** An operator rolled the route back to legacy. */
    ROLLBACK;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The name used in traces, metrics and logs. */
    public String label() {
      return label;
    }
  }

  @Override
  public String toString() {
    return side.label() + " (" + reason.label() + ")";
  }
}
