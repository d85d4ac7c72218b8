package dev.ficus.gateway.autopilot;

import dev.ficus.compare.analysis.Verdict;
import dev.ficus.compare.analysis.VerdictPolicy;
import dev.ficus.evidence.AutopilotStore;
import dev.ficus.evidence.Bucket;
import dev.ficus.evidence.EvidenceStore;
import dev.ficus.evidence.EvidenceStoreException;
import dev.ficus.evidence.FleetEvidence;
import dev.ficus.flags.Stage;
import dev.ficus.gateway.fleet.FleetControl;
import dev.ficus.gateway.fleet.RouteControl;
import dev.ficus.gateway.fleet.RouteStage;
import dev.ficus.gateway.fleet.StageChangeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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
  private final FleetEvidence evidence;
  private final VerdictPolicy policy;
  private final String replica;
  private final MeterRegistry meters;
  private final Clock clock;
  private final Webhook webhook;
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
    this.evidence = evidence;
    this.policy = policy;
    this.replica = replica;
    this.meters = meters;
    this.clock = clock;
    this.webhook = new Webhook();
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
    String step = Position.of(pilot.control.current(), pilot.settings()).label();
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
    String step = Position.of(pilot.control.current(), pilot.settings()).label();
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
      Judgement judgement = judge(pilot, shared, now);
      pilot.status =
          new AutopilotView.Status(
              judgement.state,
              judgement.position.label(),
              judgement.since,
              judgement.waitingFor,
              shared.holder(),
              now);
      if (pilot.driving && judgement.action != null) {
        act(pilot, judgement);
      }
      pilot.problemLogged = null;
    } catch (EvidenceStoreException | RuntimeException e) {
      pilot.driving = false;
      String problem = e.getMessage();
      pilot.status =
          new AutopilotView.Status(
              "waiting_for_data",
              Position.of(pilot.control.current(), pilot.settings()).label(),
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

  /** What to do next, and why; nothing is changed here. */
  private Judgement judge(RoutePilot pilot, AutopilotStore.Pilot shared, Instant now)
      throws EvidenceStoreException {
    AutopilotSettings settings = pilot.settings();
    RouteStage stage = pilot.control.current();
    Position position = Position.of(stage, settings);
    if ("paused".equals(shared.stopped())) {
      return Judgement.waiting(
          "paused",
          position,
          shared.stoppedAt(),
          shared.why() + "; resume with POST /ficus/routes/" + pilot.id() + "/autopilot/resume");
    }
    if ("failed".equals(shared.stopped())) {
      return Judgement.waiting(
          "failed",
          position,
          shared.stoppedAt(),
          shared.why() + "; resume with POST /ficus/routes/" + pilot.id() + "/autopilot/resume");
    }
    if (stage.rollback() != null) {
      if (pilot.resumedAt != null && pilot.resumedAt.isAfter(stage.rollback().since())) {
        return Judgement.waiting(
            "paused",
            position,
            stage.rollback().since(),
            "the route is rolled back ("
                + stage.rollback().detail()
                + "); end the rollback (DELETE /ficus/routes/"
                + pilot.id()
                + "/rollback) to go on");
      }
      // Said of the step the rollback interrupted, which it restores when it ends.
      Position interrupted =
          new Position(
              stage.rollback().restoreStage(),
              stage.rollback().restoreStage() == Stage.CANARY
                  ? stage.rollback().restoreShare()
                  : null);
      return new Judgement(
          "failed",
          interrupted,
          stage.rollback().since(),
          "rolled back: " + stage.rollback().detail(),
          Action.STOP,
          new Position(Stage.LEGACY, null),
          "rolled back: " + stage.rollback().detail());
    }
    if (position.done() || finished(pilot, position)) {
      return done(position);
    }
    if (position.stage == Stage.LEGACY) {
      Position next = Position.shadow();
      return new Judgement(
          "advancing",
          position,
          null,
          "moving to shadow: users stay on legacy while the new side is compared",
          Action.ADVANCE,
          next,
          "the autopilot starts in shadow");
    }
    Instant since = stepStart(pilot, position, stage);
    VerdictPolicy stepPolicy =
        new VerdictPolicy(
            settings.minComparisons(),
            policy.maxMismatchRate(),
            policy.maxLatencyEffect(),
            policy.maxErrorRateIncrease(),
            policy.confidence());
    FleetEvidence.View view =
        evidence.view(
            pilot.id(),
            new FleetEvidence.Window(since, now.plusMillis(1), "since " + position.label()),
            stepPolicy);
    List<Verdict.Finding> findings = Verdict.findings(view.report(), view.latency(), stepPolicy);
    List<String> decisive =
        findings.stream().filter(Verdict.Finding::decisive).map(Verdict.Finding::reason).toList();
    long compared = view.report().compared();
    if (!decisive.isEmpty()) {
      Position target = position.onFailure(settings);
      String why = String.join("; ", decisive) + " at " + position.label();
      return new Judgement("failed", position, since, why, Action.FAIL, target, why);
    }
    Duration held = Duration.between(since, now);
    if (held.compareTo(settings.hold()) < 0) {
      return Judgement.waiting(
          "holding",
          position,
          since,
          String.format(
              Locale.ROOT,
              "holding %s until %s (%ds left); %d of %d comparisons so far",
              position.label(),
              since.plus(settings.hold()),
              settings.hold().minus(held).toSeconds() + 1,
              compared,
              settings.minComparisons()));
    }
    Verdict verdict = view.report().verdict();
    if (verdict.status() == Verdict.Status.INSUFFICIENT_DATA) {
      return Judgement.waiting(
          "waiting_for_data",
          position,
          since,
          compared
              + " of the "
              + settings.minComparisons()
              + " comparisons needed at "
              + position.label());
    }
    if (verdict.status() == Verdict.Status.NOT_READY) {
      return Judgement.waiting(
          "waiting_for_data", position, since, String.join("; ", verdict.reasons()));
    }
    Position next = position.next(settings);
    if (next.equals(position)) {
      return done(position);
    }
    String why =
        String.format(
            Locale.ROOT,
            "READY at %s: %d comparisons over %ds, %s",
            position.label(),
            compared,
            held.toSeconds(),
            summary(view));
    return new Judgement(
        "advancing", position, since, "moving to " + next.label(), Action.ADVANCE, next, why);
  }

  private static Judgement done(Position position) {
    return new Judgement(
        "done",
        position,
        null,
        position.stage == Stage.NEW
            ? "the route serves every user from the new side"
            : "the route is at its last step, "
                + position.label()
                + " (promote: false keeps it there; PUT .../stage {\"stage\":\"new\"} finishes it)",
        Action.DONE,
        position,
        "reached " + position.label());
  }

  /** Whether the autopilot already finished at this step (the last share, without promote). */
  private boolean finished(RoutePilot pilot, Position position) throws EvidenceStoreException {
    List<AutopilotStore.Step> latest = store.steps(pilot.id(), 1);
    return !latest.isEmpty()
        && latest.get(0).action().equals("done")
        && latest.get(0).to().equals(position.label());
  }

  private static String summary(FleetEvidence.View view) {
    long mismatches = view.report().outcomes().getOrDefault("mismatch", 0L);
    return mismatches + " mismatches";
  }

  /**
   * When the route's current step began: the autopilot's own record of moving there, else the
   * evidence store's (the end of the last bucket of another stage or share), else when this replica
   * first saw it.
   */
  private Instant stepStart(RoutePilot pilot, Position position, RouteStage stage)
      throws EvidenceStoreException {
    List<AutopilotStore.Step> latest = store.steps(pilot.id(), 1);
    if (!latest.isEmpty()
        && latest.get(0).to().equals(position.label())
        && !latest.get(0).action().startsWith("dry-run")) {
      return latest.get(0).at();
    }
    Optional<Instant> began =
        store.stepBegan(pilot.id(), Bucket.LIVE, stage.stage().configName(), stage.share());
    return began.orElseGet(() -> pilot.seen(position.label(), clock.instant()));
  }

  private void act(RoutePilot pilot, Judgement judgement) throws EvidenceStoreException {
    AutopilotSettings settings = pilot.settings();
    String from = judgement.position.label();
    String to = judgement.target == null ? from : judgement.target.label();
    String by = "autopilot on " + replica;
    if (settings.dryRun()) {
      // Said once for the fleet: the latest step recorded is this one already.
      String action = "dry-run-" + judgement.action.label;
      List<AutopilotStore.Step> latest = store.steps(pilot.id(), 1);
      if (latest.isEmpty()
          || !latest.get(0).action().equals(action)
          || !latest.get(0).from().equals(from)
          || !latest.get(0).to().equals(to)) {
        record(pilot, action, from, to, judgement.reason, by, true);
      }
      return;
    }
    switch (judgement.action) {
      case ADVANCE -> {
        change(pilot, judgement.target, judgement.reason, by);
        record(pilot, "advance", from, to, judgement.reason, by, false);
      }
      case FAIL -> {
        if (!judgement.target.equals(judgement.position)) {
          change(pilot, judgement.target, judgement.reason, by);
        }
        store.stop(pilot.id(), "failed", judgement.reason, clock.instant());
        record(pilot, "fail", from, to, judgement.reason, by, false);
      }
      case STOP -> {
        store.stop(pilot.id(), "failed", judgement.reason, clock.instant());
        record(pilot, "fail", from, to, judgement.reason, by, false);
      }
      case DONE -> {
        List<AutopilotStore.Step> latest = store.steps(pilot.id(), 1);
        if (latest.isEmpty()
            || !latest.get(0).action().equals("done")
            || !latest.get(0).to().equals(to)) {
          record(pilot, "done", from, to, judgement.reason, by, false);
        }
      }
    }
  }

  private void change(RoutePilot pilot, Position target, String reason, String by) {
    try {
      fleet.change(pilot.control, target.stage, target.share, reason, by);
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

  private enum Action {
    ADVANCE("advance"),
    FAIL("fail"),
    STOP("fail"),
    DONE("done");

    final String label;

    Action(String label) {
      this.label = label;
    }
  }

  private record Judgement(
      String state,
      Position position,
      Instant since,
      String waitingFor,
      Action action,
      Position target,
      String reason) {

    static Judgement waiting(String state, Position position, Instant since, String why) {
      return new Judgement(state, position, since, why, null, null, null);
    }
  }

  /** Where a route stands in its plan: shadow, a canary share, or new. */
  record Position(Stage stage, Integer share) {

    static Position shadow() {
      return new Position(Stage.SHADOW, 0);
    }

    static Position of(RouteStage current, AutopilotSettings settings) {
      return new Position(
          current.stage(), current.stage() == Stage.CANARY ? current.share() : null);
    }

    /** The plan's index: -1 in shadow (or below the first share), else the last share reached. */
    int index(AutopilotSettings settings) {
      if (stage == Stage.NEW) {
        return settings.steps().size();
      }
      if (stage != Stage.CANARY || share == null) {
        return -1;
      }
      int index = -1;
      for (int i = 0; i < settings.steps().size(); i++) {
        if (settings.steps().get(i) <= share) {
          index = i;
        }
      }
      return index;
    }

    boolean done() {
      return stage == Stage.NEW;
    }

    Position next(AutopilotSettings settings) {
      int index = index(settings) + 1;
      if (index < settings.steps().size()) {
        return new Position(Stage.CANARY, settings.steps().get(index));
      }
      return settings.promote() ? new Position(Stage.NEW, null) : this;
    }

    Position onFailure(AutopilotSettings settings) {
      int index = index(settings);
      if (settings.onFailure() == AutopilotSettings.OnFailure.PREVIOUS && index > 0) {
        return new Position(Stage.CANARY, settings.steps().get(index - 1));
      }
      return shadow();
    }

    String label() {
      return stage == Stage.CANARY
          ? "canary " + (share == null ? 0 : share) + "%"
          : stage.configName();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Position that && label().equals(that.label());
    }

    @Override
    public int hashCode() {
      return label().hashCode();
    }
  }

  /** One route's autopilot on this replica. */
  private static final class RoutePilot {
    final RouteControl control;
    volatile boolean driving;
    volatile AutopilotView.Status status;
    volatile Instant resumedAt;
    volatile Instant problemLogged;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    RoutePilot(RouteControl control, Instant now) {
      this.control = control;
      this.status =
          new AutopilotView.Status(
              "waiting_for_data",
              Position.of(control.current(), null).label(),
              null,
              "starting",
              null,
              now);
    }

    String id() {
      return control.route().id();
    }

    AutopilotSettings settings() {
      return control.route().autopilot();
    }

    Instant seen(String label, Instant now) {
      return seen.computeIfAbsent(label, key -> now);
    }
  }

  @Override
  public String toString() {
    return "Autopilot" + pilots.keySet().stream().collect(Collectors.joining(", ", "[", "]"));
  }
}
