package dev.ficus.gateway.observe;

import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.compare.analysis.RouteStatistics;
import dev.ficus.compare.analysis.VerdictPolicy;
import dev.ficus.compare.capture.Redaction;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.noise.NoiseLearner;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.compare.outcome.SkipReason;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A route's evidence per operation (a SOAP operation, a GraphQL operation, a JSON-RPC method, a
 * read request pattern), because one endpoint can be ready for {@code ListInvoices} and not for
 * {@code GetInvoice}: counts, mismatches and a verdict each, beside the route's own. At most {@link
 * #MAX_OPERATIONS} operations are kept apart; the others are counted together.
 */
public final class OperationEvidence {

  /** Operations kept apart; beyond, requests count under {@link #OTHER}. */
  static final int MAX_OPERATIONS = 100;

  /** Where operations past the bound are counted. */
  public static final String OTHER = "(other operations)";

  private static final int RECENT_MISMATCHES = 20;

  private final String route;
  private final Redaction redaction;
  private final Map<String, RouteStatistics> byName = new ConcurrentHashMap<>();

  OperationEvidence(String route, Redaction redaction) {
    this.route = route;
    this.redaction = redaction;
  }

  private RouteStatistics of(String name) {
    RouteStatistics statistics = byName.get(name);
    if (statistics != null) {
      return statistics;
    }
    String kept = byName.size() < MAX_OPERATIONS ? name : OTHER;
    return byName.computeIfAbsent(
        kept, k -> new RouteStatistics(route, RECENT_MISMATCHES, redaction));
  }

  /** A request of the operation that was not compared: a write not shadowed, say. */
  public void recordSkipped(String name, SkipReason reason) {
    if (name != null) {
      of(name).recordSkipped(reason);
    }
  }

  public void recordOutcome(String name, RecordedExchange exchange, Outcome outcome) {
    if (name != null) {
      of(name).recordOutcome(exchange, outcome);
    }
  }

  /** Each operation's report, judged, by name. */
  public Map<String, RouteReport> reports(VerdictPolicy policy, NoiseLearner noise) {
    Map<String, RouteReport> reports = new TreeMap<>();
    byName.forEach((name, statistics) -> reports.put(name, statistics.report(policy, noise, 10)));
    return reports;
  }

  /** One operation's report, judged; empty when no request of it was seen. */
  public Optional<RouteReport> report(String name, VerdictPolicy policy, NoiseLearner noise) {
    RouteStatistics statistics = byName.get(name);
    return statistics == null
        ? Optional.empty()
        : Optional.of(statistics.report(policy, noise, 10));
  }
}
