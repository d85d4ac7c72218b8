package dev.ficus.gateway.resilience;

import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.ResilienceSettings;
import dev.ficus.gateway.route.RolloutDecision;
import dev.ficus.gateway.route.RolloutFilter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a route's users safe from its new side: the circuit breaker for the new side, the
 * guardrails that roll the whole route back to legacy, and the operator's kill switch. Every change
 * of state is logged and counted.
 */
public final class RouteGuard implements RolloutFilter.NewSideGate {

  private static final Logger log = LoggerFactory.getLogger(RouteGuard.class);

  /** Why the route is rolled back, and since when; empty while it is not. */
  public record Rollback(RolloutDecision.Reason reason, String detail, Instant since) {}

  /** How the route stands, for the admin report. */
  public record Status(
      String breaker,
      Rollback rollback,
      long guardrailTrips,
      long fallbacks,
      long breakerRejections) {}

  private final MigrationRoute route;
  private final CircuitBreaker breaker;
  private final Guardrail guardrail;
  private final boolean guardrailsOn;
  private final AtomicReference<Rollback> rollback = new AtomicReference<>();
  private final Counter trips;
  private final Counter fallbacks;
  private final Counter rejections;

  public RouteGuard(MigrationRoute route, MeterRegistry meters) {
    ResilienceSettings settings = route.resilience();
    this.route = route;
    this.breaker =
        CircuitBreaker.of(
            "ficus-" + route.id(),
            CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .waitDurationInOpenState(settings.waitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    this.breaker
        .getEventPublisher()
        .onStateTransition(
            event ->
                log.warn(
                    "Route {}: new side's circuit breaker {}",
                    route.id(),
                    event
                        .getStateTransition()
                        .getToState()
                        .name()
                        .toLowerCase(java.util.Locale.ROOT)));
    this.guardrail =
        new Guardrail(
            new Guardrail.Limits(
                settings.window(),
                settings.minRequests(),
                settings.maxErrorRate(),
                settings.maxMismatchRate(),
                settings.maxLatencyFactor()));
    this.guardrailsOn = settings.guardrailsEnabled();
    this.trips =
        Counter.builder("ficus.guardrail.trips")
            .description("Times a guardrail rolled the route back to legacy")
            .tag("route", route.id())
            .register(meters);
    this.fallbacks =
        Counter.builder("ficus.fallbacks")
            .description("Requests the new side failed that legacy served instead")
            .tag("route", route.id())
            .register(meters);
    this.rejections =
        Counter.builder("ficus.breaker.rejections")
            .description(
                "Requests for the new side served by legacy because its circuit breaker was open")
            .tag("route", route.id())
            .register(meters);
    Gauge.builder("ficus.breaker.state", breaker, b -> b.getState().getOrder())
        .description("The new side's circuit breaker: 0 closed, 1 open, 2 half-open, ...")
        .tag("route", route.id())
        .register(meters);
    Gauge.builder("ficus.route.rolled.back", rollback, r -> r.get() == null ? 0 : 1)
        .description("1 while the route serves everyone from legacy (guardrail or operator)")
        .tag("route", route.id())
        .register(meters);
  }

  /** Why users of the new side are held back on legacy now, if they are. */
  public Optional<Rollback> rollback() {
    return Optional.ofNullable(rollback.get());
  }

  @Override
  public RolloutDecision.Reason holdBack() {
    Rollback current = rollback.get();
    if (current != null) {
      return current.reason();
    }
    return admitToNewSide() ? null : RolloutDecision.Reason.BREAKER_OPEN;
  }

  /**
   * Asks the breaker to let one request go to the new side; a yes must end in {@link
   * #newSideAnswered}.
   */
  public boolean admitToNewSide() {
    if (breaker.tryAcquirePermission()) {
      return true;
    }
    rejections.increment();
    return false;
  }

  /** The outcome of a request that was admitted to the new side. */
  public void newSideAnswered(RecordedResponse response) {
    long nanos = response.latency() == null ? 0 : response.latency().toNanos();
    if (response.isError()) {
      breaker.onError(nanos, TimeUnit.NANOSECONDS, new NewSideFailure(describe(response)));
    } else {
      breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** An admitted request ended before the new side answered (the client went away). */
  public void newSideAbandoned() {
    breaker.releasePermission();
  }

  public void countFallback() {
    fallbacks.increment();
  }

  /** Any call to a side, primary or shadow: feeds the guardrails. */
  public void recordCall(boolean newSide, RecordedResponse response) {
    if (!guardrailsOn) {
      return;
    }
    long micros =
        response.latency() == null || response.failed() ? 0 : response.latency().toNanos() / 1000;
    // Judged and applied under one lock, so a recovery never meets a trip judged before it.
    synchronized (guardrail) {
      if (newSide) {
        guardrail.recordNewCall(response.isError(), micros).ifPresent(this::trip);
      } else {
        guardrail.recordLegacyCall(micros);
      }
    }
  }

  public void recordComparison(boolean mismatch) {
    if (guardrailsOn) {
      synchronized (guardrail) {
        guardrail.recordComparison(mismatch).ifPresent(this::trip);
      }
    }
  }

  private void trip(String reason) {
    Rollback tripped = new Rollback(RolloutDecision.Reason.GUARDRAIL, reason, Instant.now());
    if (rollback.compareAndSet(null, tripped)) {
      trips.increment();
      log.warn(
          "Route {} rolled back to legacy by its guardrail: {}; every user is served by legacy and the "
              + "comparison goes on as shadow until DELETE /ficus/routes/{}/rollback",
          route.id(),
          reason,
          route.id());
    }
  }

  /** The operator's kill switch. */
  public Rollback rollBack(String by) {
    Rollback manual =
        new Rollback(RolloutDecision.Reason.ROLLBACK, "rolled back by " + by, Instant.now());
    rollback.set(manual);
    log.warn("Route {} rolled back to legacy by {} (admin API)", route.id(), by);
    return manual;
  }

  /** Ends a rollback (either kind) and starts the windows and the breaker afresh. */
  public void recover(String by) {
    Rollback previous;
    synchronized (guardrail) {
      previous = rollback.getAndSet(null);
      guardrail.clear();
    }
    breaker.reset();
    log.warn(
        "Route {} recovered by {} (admin API){}",
        route.id(),
        by,
        previous == null
            ? "; it was not rolled back"
            : "; it had been rolled back: " + previous.detail());
  }

  public Status status() {
    return new Status(
        breaker.getState().name().toLowerCase(java.util.Locale.ROOT),
        rollback.get(),
        (long) trips.count(),
        (long) fallbacks.count(),
        (long) rejections.count());
  }

  private static String describe(RecordedResponse response) {
    return response.failed() ? response.error() : "status " + response.status();
  }

  /** What the breaker records for a failed call of the new side. */
  static final class NewSideFailure extends RuntimeException {
    NewSideFailure(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public String toString() {
    return "RouteGuard[" + route.id() + " " + status() + "]";
  }
}
