package dev.ficus.compare.capture;

import dev.ficus.compare.exchange.RecordedExchange;
import java.util.List;

/**
 * One line of a capture file: an exchange as it happened at the gateway, with how its comparison
 * came out.
 *
 * @param exchange the request and each side's answer (null for a side that was not called)
 * @param outcome {@code match}, {@code mismatch}, {@code skipped:REASON}, or null when the request
 *     was not compared
 * @param differences the differing paths of a mismatch, empty otherwise
 */
public record CapturedExchange(
    RecordedExchange exchange, String outcome, List<String> differences) {

  public CapturedExchange {
    differences = differences == null ? List.of() : List.copyOf(differences);
  }

  public CapturedExchange(RecordedExchange exchange, String outcome) {
    this(exchange, outcome, List.of());
  }
}
