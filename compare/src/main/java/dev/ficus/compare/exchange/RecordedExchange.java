package dev.ficus.compare.exchange;

import dev.ficus.compare.Side;
import java.time.Instant;

/**
 * One request and what each side answered: the unit that is compared, captured and replayed.
 *
 * @param request the request
 * @param legacy what legacy answered, or null when it was not called
 * @param fresh what the new side answered, or null when it was not called
 * @param routeId the route that claimed the request
 * @param servingSide the side whose answer the client got
 * @param userHash a stable hash of the user id (never the id itself), or null without one
 * @param traceId the W3C trace id of the request, or null
 * @param time when the request arrived
 */
public record RecordedExchange(
    RecordedRequest request,
    RecordedResponse legacy,
    RecordedResponse fresh,
    String routeId,
    Side servingSide,
    String userHash,
    String traceId,
    Instant time) {

  public RecordedResponse response(Side side) {
    return side == Side.LEGACY ? legacy : fresh;
  }
}
