package dev.ficus.gateway.observe;

import dev.ficus.compare.ExchangeComparator;
import dev.ficus.compare.Side;
import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.compare.analysis.RouteStatistics;
import dev.ficus.compare.analysis.VerdictPolicy;
import dev.ficus.compare.capture.Redaction;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.noise.NoiseLearner;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.compare.outcome.SkipReason;
import dev.ficus.evidence.BucketRecorder;
import dev.ficus.gateway.dualwrite.DualWriteEvidence;
import dev.ficus.gateway.fleet.RouteControl;
import dev.ficus.gateway.resilience.RouteGuard;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.RolloutDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Everything one route has shown so far: its statistics and learned noise, the bound on its shadow
 * calls in flight, and the same figures as Micrometer meters (registered once, so a request only
 * increments).
 */
public final class RouteEvidence {

  /** Recent mismatches kept per route for the admin API. */
  public static final int RECENT_MISMATCHES = 100;

  private final MigrationRoute route;
  private final RouteControl control;
  private final BucketRecorder buckets;
  private final RouteStatistics statistics;
  private final OperationEvidence operations;
  private final NoiseLearner noise = new NoiseLearner();
  private final ExchangeComparator comparator;
  private final Semaphore inFlight;
  private final Map<Side, Map<RolloutDecision.Reason, Counter>> decisions =
      new EnumMap<>(Side.class);
  private final Map<Outcome.Kind, Counter> outcomes = new EnumMap<>(Outcome.Kind.class);
  private final Map<SkipReason, Counter> skips = new EnumMap<>(SkipReason.class);
  private final Counter dropped;
  private final RouteGuard guard;
  private final MeterRegistry meters;
  private final Map<Side, Timer> latency = new EnumMap<>(Side.class);
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final DualWriteEvidence dualWrite;

  RouteEvidence(
      MigrationRoute route,
      MeterRegistry meters,
      RouteControl control,
      RouteGuard.Trip onTrip,
      BucketRecorder buckets,
      Redaction redaction) {
    this.route = route;
    this.control = control;
    this.buckets = buckets;
    this.statistics = new RouteStatistics(route.id(), RECENT_MISMATCHES, redaction);
    this.operations = new OperationEvidence(route.id(), redaction);
    this.comparator = new ExchangeComparator(route.shadow().rules(), noise);
    this.inFlight = new Semaphore(route.shadow().maxInFlight());
    this.guard = new RouteGuard(route, meters, control, onTrip);
    this.meters = meters;
    this.dualWrite = new DualWriteEvidence(route.id(), meters, buckets);
    for (Side side : Side.values()) {
      latency.put(
          side,
          Timer.builder("ficus.upstream.latency")
              .description(
                  "Calls of each side of the route, primary and shadow, to their whole answer")
              .tag("route", route.id())
              .tag("side", side.label())
              .publishPercentileHistogram()
              .register(meters));
    }
    for (Side side : Side.values()) {
      Map<RolloutDecision.Reason, Counter> byReason = new EnumMap<>(RolloutDecision.Reason.class);
      for (RolloutDecision.Reason reason : RolloutDecision.Reason.values()) {
        byReason.put(
            reason,
            Counter.builder("ficus.decisions")
                .description("Requests of the route by serving side and decision reason")
                .tag("route", route.id())
                .tag("side", side.label())
                .tag("reason", reason.label())
                .register(meters));
      }
      decisions.put(side, byReason);
    }
    for (Outcome.Kind kind : List.of(Outcome.Kind.MATCH, Outcome.Kind.MISMATCH)) {
      outcomes.put(kind, outcomeCounter(meters, kind.label(), "none"));
    }
    for (SkipReason reason : SkipReason.values()) {
      if (!reason.replayOnly()) {
        skips.put(reason, outcomeCounter(meters, "skipped", reason.label()));
      }
    }
    this.dropped =
        Counter.builder("ficus.shadow.dropped")
            .description("Shadow calls dropped because the route had max-in-flight calls running")
            .tag("route", route.id())
            .register(meters);
    Gauge.builder("ficus.shadow.mismatch.rate", this, RouteEvidence::mismatchRate)
        .description("Mismatches among the route's comparisons so far")
        .tag("route", route.id())
        .register(meters);
    Gauge.builder(
            "ficus.shadow.in.flight",
            inFlight,
            permits -> route.shadow().maxInFlight() - permits.availablePermits())
        .description("Shadow calls of the route in flight")
        .tag("route", route.id())
        .register(meters);
  }

  private Counter outcomeCounter(MeterRegistry meters, String outcome, String reason) {
    return Counter.builder("ficus.shadow.outcomes")
        .description(
            "Comparisons of the route by outcome (match, mismatch, skipped) and skip reason")
        .tag("route", route.id())
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(meters);
  }

  public MigrationRoute route() {
    return route;
  }

  /** The route's stage in force, live. */
  public RouteControl control() {
    return control;
  }

  /** The route's breaker and guardrails. */
  public RouteGuard guard() {
    return guard;
  }

  public ExchangeComparator comparator() {
    return comparator;
  }

  /** Takes a shadow slot, or counts the shadow as dropped when the route is saturated. */
  public boolean tryStartShadow() {
    if (inFlight.tryAcquire()) {
      return true;
    }
    recordSkipped(SkipReason.SATURATED);
    dropped.increment();
    return false;
  }

  public void endShadow() {
    inFlight.release();
  }

  public void recordDecision(RolloutDecision decision) {
    statistics.recordDecision(decision.side());
    if (buckets != null) {
      buckets.recordDecision(decision.side());
    }
    decisions.get(decision.side()).get(decision.reason()).increment();
  }

  /** The answer the client got, by the side that served it. */
  public void recordServed(Side side, RecordedResponse response) {
    String status = response.failed() ? "failed" : Integer.toString(response.status());
    requests
        .computeIfAbsent(
            side.label() + status,
            key ->
                Counter.builder("ficus.requests")
                    .description("Requests of the route by serving side and status")
                    .tag("route", route.id())
                    .tag("side", side.label())
                    .tag("status", status)
                    .register(meters))
        .increment();
  }

  public void recordCall(Side side, RecordedResponse response) {
    statistics.recordCall(side, response);
    if (buckets != null) {
      buckets.recordCall(side, response);
    }
    if (response.latency() != null && !response.failed()) {
      latency.get(side).record(response.latency());
    }
    guard.recordCall(side == Side.NEW, response);
  }

  public void recordSkipped(SkipReason reason) {
    statistics.recordSkipped(reason);
    if (buckets != null) {
      buckets.recordSkipped(reason);
    }
    skips.get(reason).increment();
  }

  public void recordOutcome(RecordedExchange exchange, Outcome outcome) {
    statistics.recordOutcome(exchange, outcome);
    if (buckets != null) {
      buckets.recordOutcome(exchange, outcome);
    }
    if (outcome instanceof Outcome.Skipped skipped) {
      skips.get(skipped.reason()).increment();
    } else {
      outcomes.get(outcome.kind()).increment();
      guard.recordComparison(outcome.kind() == Outcome.Kind.MISMATCH);
    }
  }

  /** Two answers of legacy to one request: what differs is noise, learned here and stored. */
  public void learnNoise(RecordedResponse first, RecordedResponse second) {
    List<dev.ficus.compare.diff.Difference> learned = comparator.learnNoise(first, second);
    if (buckets != null && first != null && second != null && !first.failed() && !second.failed()) {
      buckets.recordLearned(learned);
    }
  }

  /** What was learned before this replica started, from the evidence store. */
  public void seedNoise(Map<String, Long> learned, long pairs) {
    noise.seed(learned, pairs);
  }

  public RouteReport report(VerdictPolicy policy) {
    return statistics.report(policy, noise, 10, dualWrite.figures());
  }

  /** How the route's writes sent to both sides (stage {@code dual-write}) came out. */
  public DualWriteEvidence dualWrite() {
    return dualWrite;
  }

  /** The route's evidence per operation (SOAP, GraphQL, JSON-RPC, read request patterns). */
  public OperationEvidence operations() {
    return operations;
  }

  /** The route's learned noise, which its operations share. */
  public NoiseLearner noise() {
    return noise;
  }

  public List<RouteStatistics.MismatchRecord> recentMismatches(int limit) {
    return statistics.recentMismatches(limit, noise);
  }

  private double mismatchRate() {
    return statistics.mismatchRate(noise);
  }

  @Override
  public String toString() {
    return "RouteEvidence[" + route.id() + "]";
  }
}
