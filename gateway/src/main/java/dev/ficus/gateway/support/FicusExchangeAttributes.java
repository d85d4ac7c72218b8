package dev.ficus.gateway.support;

/** Names of the exchange attributes Ficus sets while a request walks through the gateway. */
public final class FicusExchangeAttributes {

  private static final String PREFIX = "ficus.";

  /** The {@code MigrationRoute} that claimed the request. */
  public static final String ROUTE = PREFIX + "route";

  /** The {@code RolloutDecision} for the request. */
  public static final String DECISION = PREFIX + "decision";

  /**
   * The user id read from the request, as an {@code Optional<String>} (empty when there is none);
   * never logged or traced in clear.
   */
  public static final String USER_ID = PREFIX + "userId";

  /**
   * Set when the new side's circuit breaker admitted this request; its outcome must then be
   * recorded.
   */
  public static final String NEW_SIDE_ADMITTED = PREFIX + "newSideAdmitted";

  private FicusExchangeAttributes() {}
}
