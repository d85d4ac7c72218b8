package dev.ficus.gateway.resilience;

import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.gateway.fleet.RouteControl;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.ResilienceSettings;
import dev.ficus.gateway.route.RolloutDecision;
import dev.ficus.gateway.route.RolloutFilter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a route's users safe from its new side: the circuit breaker for the new side, and the
 * guardrails that roll the whole route back to legacy (through its flag, on every replica). The
 * guardrails judge what users get: only while the route serves users from the new side, and over a
 * fresh window after every change of its stage or share. Every change of state is logged and
 * counted.
 */
public final class RouteGuard implements RolloutFilter.NewSideGate {

  private static final Logger log = LoggerFactory.getLogger(RouteGuard.class);

  /** What a tripped guardrail does: rolls the route back, with the reason in words. */
  public interface Trip {
    void rollBack(String reason);
  }

  /** How the route stands, for the admin report. */
  public record Status(
      String breaker, long guardrailTrips, long fallbacks, long breakerRejections) {}

  private final MigrationRoute route;
  private final CircuitBreaker breaker;
  private final Guardrail guardrail;
  private final boolean guardrailsOn;
  private final RouteControl control;
  private final Trip onTrip;
  private final Counter trips;
  private final Counter fallbacks;
  private final Counter rejections;

  public RouteGuard(MigrationRoute route, MeterRegistry meters, RouteControl control, Trip onTrip) {
    ResilienceSettings settings = route.resilience();
    this.route = route;
    this.control = control;
    this.onTrip = onTrip;
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
    control.onChange(change -> freshStart(change.after().rollback() == null));
  }

  @Override
  public RolloutDecision.Reason holdBack() {
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

  /** Any call to a side, primary or shadow: feeds the guardrails while users are served by new. */
  public void recordCall(boolean newSide, RecordedResponse response) {
    if (!guardrailsOn || !control.servesNew()) {
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
    if (guardrailsOn && control.servesNew()) {
      synchronized (guardrail) {
        guardrail.recordComparison(mismatch).ifPresent(this::trip);
      }
    }
  }

  private void trip(String reason) {
    if (!control.servesNew()) {
      return;
    }
    trips.increment();
    log.warn(
        "Route {} rolled back to legacy by its guardrail: {}; every user is served by legacy and the "
            + "comparison goes on as shadow until DELETE /ficus/routes/{}/rollback",
        route.id(),
        reason,
        route.id());
    onTrip.rollBack(reason);
  }

  /**
   * The route's stage, share or rollback changed: the guardrails start a fresh window, and after a
   * recovery the breaker starts afresh too.
   */
  private void freshStart(boolean resetBreaker) {
    synchronized (guardrail) {
      guardrail.clear();
    }
    if (resetBreaker) {
      breaker.reset();
    }
  }

  public Status status() {
    return new Status(
        breaker.getState().name().toLowerCase(java.util.Locale.ROOT),
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
