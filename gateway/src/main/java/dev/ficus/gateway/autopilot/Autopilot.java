package dev.ficus.gateway.autopilot;

import dev.ficus.compare.analysis.VerdictPolicy;
import dev.ficus.evidence.AutopilotStore;
import dev.ficus.evidence.EvidenceStore;
import dev.ficus.evidence.EvidenceStoreException;
import dev.ficus.evidence.FleetEvidence;
import dev.ficus.gateway.fleet.FleetControl;
import dev.ficus.gateway.fleet.RouteControl;
import dev.ficus.gateway.fleet.StageChangeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps routes to the new side by themselves while the evidence says it is safe: every second, for
 * each route whose autopilot is on, the fleet view over the current step's window is judged (the
 * verdict under {@code ficus.verdict.*}, with the plan's {@code min-comparisons}); when the step
 * has been held long enough and the verdict is READY, the next step is taken through the flag
 * source, so every replica moves. A decisive failure (or a guardrail's rollback) sends the route to
 * the plan's {@code on-failure} and stops it until an operator resumes it.
 *
 * <p>Exactly one replica drives a route: the holder of its lease in the evidence store's database,
 * renewed every second; when it stops, another takes over within the lease's time. Every replica
 * judges, so each can say where the route stands.
 */
public final class Autopilot implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Autopilot.class);
  static final Duration LEASE = Duration.ofSeconds(10);

  private final FleetControl fleet;
  private final EvidenceStore store;
  private final String replica;
  private final MeterRegistry meters;
  private final Clock clock;
  private final Webhook webhook;
  private final StepJudge judge;
  private final Map<String, RoutePilot> pilots = new ConcurrentHashMap<>();
  private final ScheduledExecutorService worker;

  public Autopilot(
      FleetControl fleet,
      EvidenceStore store,
      FleetEvidence evidence,
      VerdictPolicy policy,
      String replica,
      MeterRegistry meters,
      Clock clock) {
    this.fleet = fleet;
    this.store = store;
    this.replica = replica;
    this.meters = meters;
    this.clock = clock;
    this.webhook = new Webhook();
    this.judge = new StepJudge(store, evidence, policy, clock);
    for (RouteControl control : fleet.routes()) {
      if (control.route().autopilot().enabled()) {
        RoutePilot pilot = new RoutePilot(control, clock.instant());
        pilots.put(control.route().id(), pilot);
        Gauge.builder("ficus.autopilot.driving", pilot, p -> p.driving ? 1 : 0)
            .description("1 on the replica that drives the route's autopilot (holds its lease)")
            .tag("route", control.route().id())
            .register(meters);
      }
    }
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "ficus-autopilot");
              thread.setDaemon(true);
              return thread;
            });
    if (!pilots.isEmpty()) {
      worker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }
  }

  /** The route's autopilot as the admin API shows it; empty when the route has none. */
  public Optional<AutopilotView> view(String route) {
    RoutePilot pilot = pilots.get(route);
    if (pilot == null) {
      return Optional.empty();
    }
    List<AutopilotStore.Step> history;
    try {
      history = store.steps(route, 50);
    } catch (EvidenceStoreException e) {
      history = List.of();
    }
    return Optional.of(AutopilotView.of(pilot.control.route().autopilot(), pilot.status, history));
  }

  /** Pauses the route's autopilot fleet-wide until {@link #resume}. */
  public void pause(String route, String reason, String by) throws StageChangeException {
    RoutePilot pilot = pilot(route);
    String why = reason == null ? "paused by " + by : reason + " (" + by + ")";
    stopShared(pilot, "paused", why, by, "pause");
  }

  /** Resumes the route's autopilot after a pause or a failure, fleet-wide. */
  public void resume(String route, String reason, String by) throws StageChangeException {
    RoutePilot pilot = pilot(route);
    String step = Position.of(pilot.control.current()).label();
    try {
      store.stop(route, null, null, clock.instant());
    } catch (EvidenceStoreException e) {
      throw StageChangeException.unavailable(
          "the evidence store cannot be written: " + e.getMessage());
    }
    record(pilot, "resume", step, step, reason == null ? "resumed by " + by : reason, by, false);
    pilot.resumedAt = clock.instant();
    tick(pilot);
  }

  private void stopShared(RoutePilot pilot, String stopped, String why, String by, String action)
      throws StageChangeException {
    String step = Position.of(pilot.control.current()).label();
    try {
      store.stop(pilot.id(), stopped, why, clock.instant());
    } catch (EvidenceStoreException e) {
      throw StageChangeException.unavailable(
          "the evidence store cannot be written: " + e.getMessage());
    }
    record(pilot, action, step, step, why, by, false);
    tick(pilot);
  }

  private RoutePilot pilot(String route) throws StageChangeException {
    RoutePilot pilot = pilots.get(route);
    if (pilot == null) {
      throw StageChangeException.conflict(
          "urn:ficus:problem:autopilot-off",
          "route "
              + route
              + " has no autopilot; turn it on in the configuration (ficus.routes[].autopilot.enabled)");
    }
    return pilot;
  }

  private void tick() {
    for (RoutePilot pilot : pilots.values()) {
      tick(pilot);
    }
  }

  private synchronized void tick(RoutePilot pilot) {
    try {
      Instant now = clock.instant();
      pilot.driving = store.lease(pilot.id(), replica, now, LEASE);
      AutopilotStore.Pilot shared = store.pilot(pilot.id());
      List<AutopilotStore.Step> steps = store.steps(pilot.id(), 1);
      AutopilotStore.Step latest = steps.isEmpty() ? null : steps.get(0);
      Judgement judgement = judge.judge(pilot, shared, latest, now);
      pilot.status =
          new AutopilotView.Status(
              judgement.state(),
              judgement.position().label(),
              judgement.since(),
              judgement.waitingFor(),
              shared.holder(),
              now);
      if (pilot.driving && judgement.action() != null) {
        act(pilot, judgement, latest);
      }
      pilot.problemLogged = null;
    } catch (EvidenceStoreException | RuntimeException e) {
      pilot.driving = false;
      String problem = e.getMessage();
      pilot.status =
          new AutopilotView.Status(
              "waiting_for_data",
              Position.of(pilot.control.current()).label(),
              null,
              "the evidence store cannot be read: " + problem,
              null,
              clock.instant());
      Instant logged = pilot.problemLogged;
      if (logged == null || logged.isBefore(clock.instant().minusSeconds(60))) {
        log.warn("Autopilot of route {} waits: {}", pilot.id(), problem);
        pilot.problemLogged = clock.instant();
      }
    }
  }

  private void act(RoutePilot pilot, Judgement judgement, AutopilotStore.Step latest)
      throws EvidenceStoreException {
    AutopilotSettings settings = pilot.settings();
    String from = judgement.position().label();
    String to = judgement.target() == null ? from : judgement.target().label();
    String by = "autopilot on " + replica;
    if (settings.dryRun()) {
      // Said once for the fleet: the latest step recorded is this one already.
      String action = "dry-run-" + judgement.action().label;
      if (!StepJudge.is(latest, action, from, to)) {
        record(pilot, action, from, to, judgement.reason(), by, true);
      }
      return;
    }
    switch (judgement.action()) {
      case ADVANCE -> {
        change(pilot, judgement.target(), judgement.reason(), by);
        record(pilot, "advance", from, to, judgement.reason(), by, false);
      }
      case FAIL -> {
        if (!judgement.target().equals(judgement.position())) {
          change(pilot, judgement.target(), judgement.reason(), by);
        }
        store.stop(pilot.id(), "failed", judgement.reason(), clock.instant());
        record(pilot, "fail", from, to, judgement.reason(), by, false);
      }
      case STOP -> {
        store.stop(pilot.id(), "failed", judgement.reason(), clock.instant());
        record(pilot, "fail", from, to, judgement.reason(), by, false);
      }
      case DONE -> {
        if (!StepJudge.is(latest, "done", null, to)) {
          record(pilot, "done", from, to, judgement.reason(), by, false);
        }
      }
    }
  }

  private void change(RoutePilot pilot, Position target, String reason, String by) {
    try {
      fleet.change(pilot.control, target.stage(), target.share(), reason, by);
    } catch (StageChangeException e) {
      throw new IllegalStateException(
          "cannot move to " + target.label() + ": " + e.getMessage(), e);
    }
  }

  private void record(
      RoutePilot pilot,
      String action,
      String from,
      String to,
      String reason,
      String by,
      boolean dryRun) {
    AutopilotStore.Step step =
        new AutopilotStore.Step(clock.instant(), action, from, to, reason, by);
    try {
      store.recordStep(pilot.id(), step);
    } catch (EvidenceStoreException e) {
      log.warn(
          "Autopilot of route {}: the step could not be recorded: {}", pilot.id(), e.getMessage());
    }
    log.info(
        "Autopilot route={} action={} from=\"{}\" to=\"{}\" reason=\"{}\" by=\"{}\"",
        pilot.id(),
        action,
        from,
        to,
        reason,
        by);
    Counter.builder("ficus.autopilot.steps")
        .description(
            "Steps the autopilot took (advance, fail, done, pause, resume; dry-run-* in a dry run)")
        .tag("route", pilot.id())
        .tag("action", action)
        .register(meters)
        .increment();
    URI hook = pilot.settings().webhook();
    if (hook != null) {
      webhook.send(hook, pilot.id(), step, replica, dryRun);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
    for (RoutePilot pilot : pilots.values()) {
      if (pilot.driving) {
        try {
          store.release(pilot.id(), replica);
        } catch (EvidenceStoreException e) {
          log.debug("Autopilot lease of {} not released: {}", pilot.id(), e.getMessage());
        }
      }
    }
    webhook.close();
  }

  @Override
  public String toString() {
    return "Autopilot" + pilots.keySet().stream().collect(Collectors.joining(", ", "[", "]"));
  }
}
