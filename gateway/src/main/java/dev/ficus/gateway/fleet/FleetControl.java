package dev.ficus.gateway.fleet;

import dev.ficus.flags.FlagDefinition;
import dev.ficus.flags.FlagRollback;
import dev.ficus.flags.FlagSourceStatus;
import dev.ficus.flags.FlagUpdate;
import dev.ficus.flags.FlagWriteException;
import dev.ficus.flags.FlagWriter;
import dev.ficus.flags.RolloutFlags;
import dev.ficus.flags.Stage;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.RolloutDecision;
import dev.ficus.gateway.route.RouteTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live cutover control of every route, fleet-wide: stage and share changes, rollbacks and
 * recoveries are written into the route's flag, which every replica reads; each takes effect here
 * at once. A rollback holds here even while the flag source cannot be written, and its write is
 * retried until it lands. Every change is an audit log line and a counter.
 */
public final class FleetControl implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FleetControl.class);
  private static final Logger audit = LoggerFactory.getLogger("dev.ficus.audit");
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);

  /** A write to the flag source that has not landed yet, for the admin report. */
  public record PendingWrite(
      String what, Instant since, int attempts, String lastError, Instant nextAttempt) {}

  private final Map<String, RouteControl> routes = new LinkedHashMap<>();
  private final RolloutFlags flags;
  private final MeterRegistry meters;
  private final Clock clock;
  private final ScheduledExecutorService worker;
  private final Map<String, PendingWrite> pending = new ConcurrentHashMap<>();
  private final Map<String, Integer> generations = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /** The next attempt of each pending write, to run at once when the source recovers. */
  private final Map<String, Runnable> retries = new ConcurrentHashMap<>();

  private volatile boolean sourceHealthy = true;

  public FleetControl(RouteTable table, RolloutFlags flags, MeterRegistry meters, Clock clock) {
    this.flags = flags;
    this.meters = meters;
    this.clock = clock;
    Duration settle = flags.status().refreshInterval().multipliedBy(3).plusSeconds(2);
    for (MigrationRoute route : table.routes()) {
      RouteControl control = new RouteControl(route, settle, clock);
      routes.put(route.id(), control);
      control.onChange(
          change -> {
            if (change.cause().startsWith("the flag source")) {
              count(route.id(), "flag_source");
            }
          });
      Gauge.builder("ficus.route.rolled.back", control, c -> c.current().rollback() == null ? 0 : 1)
          .description("1 while the route serves everyone from legacy (guardrail or operator)")
          .tag("route", route.id())
          .register(meters);
      for (Stage stage : Stage.values()) {
        Gauge.builder("ficus.route.stage", control, c -> c.current().stage() == stage ? 1 : 0)
            .description("1 for the stage the route serves in now (legacy while rolled back)")
            .tag("route", route.id())
            .tag("stage", stage.configName())
            .register(meters);
      }
      Gauge.builder("ficus.route.share", control, FleetControl::sharePercent)
          .description(
              "The canary share in percent of users the route's flag sends to new (0 to 100);"
                  + " NaN when the route has no share")
          .tag("route", route.id())
          .register(meters);
    }
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "ficus-fleet-control");
              thread.setDaemon(true);
              return thread;
            });
    flags.onChange(this::sourceChanged);
    worker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    Gauge.builder("ficus.flag.source.ok", flags, f -> f.status().healthy() ? 1 : 0)
        .description(
            "1 while the flag source is read and valid; 0 while it is rejected, unreachable or stale"
                + " (the last good flags stay in force)")
        .register(meters);
  }

  private static double sharePercent(RouteControl control) {
    Integer share = control.current().share();
    return share == null ? Double.NaN : share;
  }

  /** Every route's live control, in configuration order. */
  public java.util.Collection<RouteControl> routes() {
    return routes.values();
  }

  /** The route's live control, or empty for an unknown route id. */
  public Optional<RouteControl> route(String id) {
    return Optional.ofNullable(routes.get(id));
  }

  public FlagSourceStatus sourceStatus() {
    return flags.status();
  }

  /** What the flag source holds for the route's flag, or null. */
  public FlagDefinition flagOf(RouteControl control) {
    return control.source();
  }

  /** A write of the route's flag that has not landed yet, if any. */
  public Optional<PendingWrite> pendingWrite(String routeId) {
    return Optional.ofNullable(pending.get(routeId));
  }

  /** Where changes are written, or null when the flag source is read-only. */
  public String writeTarget() {
    return flags.writer().map(FlagWriter::target).orElse(null);
  }

  /** Every second: local changes that were never read back lapse; a recovered source is retried. */
  private void tick() {
    routes.values().forEach(RouteControl::tick);
    boolean healthy = flags.status().healthy();
    if (healthy && !sourceHealthy) {
      retries.values().forEach(Runnable::run);
    }
    sourceHealthy = healthy;
  }

  private void sourceChanged(Map<String, FlagDefinition> definitions) {
    for (RouteControl control : routes.values()) {
      String flag = control.route().flag();
      if (flag != null) {
        control.sourceChanged(definitions.get(flag));
      }
    }
  }

  /**
   * Changes a route's stage, share or both, through its flag: written to the flag source first (a
   * failure changes nothing), then in force here at once; the other replicas follow within their
   * refresh interval.
   *
   * @param stage the new stage, or null to keep it
   * @param share the new canary share, or null to keep it
   */
  public RouteStage change(
      RouteControl control, Stage stage, Integer share, String reason, String by)
      throws StageChangeException {
    MigrationRoute route = control.route();
    if (stage == null && share == null) {
      throw StageChangeException.badInput(
          "stage", "give \"stage\" (" + Stage.choices() + "), \"share\" (0 to 100) or both");
    }
    if (share != null && (share < 0 || share > 100)) {
      throw StageChangeException.badInput(
          "share", "share '" + share + "' must be a whole number from 0 to 100");
    }
    if (route.flag() == null) {
      throw StageChangeException.badInput(
          "stage",
          "route "
              + route.id()
              + " has no flag, so its stage is its configured mode ("
              + route.mode().configName()
              + "); give it one (ficus.routes[].flag) to change it live");
    }
    if (stage != null && stage != Stage.LEGACY && route.newUri() == null) {
      throw StageChangeException.badInput(
          "stage",
          "route "
              + route.id()
              + " has no new-uri, so it can only be served by legacy; stage '"
              + stage.configName()
              + "' needs one");
    }
    if (stage == Stage.DUAL_WRITE && route.dualWrite() == null) {
      throw StageChangeException.badInput(
          "stage",
          "route "
              + route.id()
              + " has no dual-write settings, so it cannot write to both sides; give it"
              + " ficus.routes[].dual-write.read-back (the path that reads a written entity back)");
    }
    RouteStage before = control.current();
    if (before.rollback() != null) {
      throw StageChangeException.conflict(
          "urn:ficus:problem:rolled-back",
          "route "
              + route.id()
              + " is rolled back ("
              + before.rollback().detail()
              + "); end the rollback first: DELETE /ficus/routes/"
              + route.id()
              + "/rollback");
    }
    Stage nextStage = stage == null ? before.stage() : stage;
    Integer nextShare = share == null ? before.share() : share;
    RouteStage next =
        new RouteStage(
            nextStage,
            nextShare,
            RouteStage.Origin.PENDING,
            nextShare == null ? RouteStage.Origin.NONE : RouteStage.Origin.PENDING,
            null);
    if (next.sameAs(before)) {
      return before;
    }
    write(control, new FlagUpdate(nextStage, share, null));
    control.holdLocally(next, "a change by " + by);
    audit(route.id(), "stage", before, next, reason, by);
    count(route.id(), "operator");
    return control.current();
  }

  /**
   * Rolls the route back: every user to legacy at once here, and through the flag on every replica
   * (retried until the flag source takes it). A route already rolled back keeps the first
   * rollback's time and reason.
   */
  public RouteStage.Rollback rollBack(
      RouteControl control, RolloutDecision.Reason reason, String detail, String by)
      throws StageChangeException {
    MigrationRoute route = control.route();
    RouteControl.Held held = control.holdRollback(reason, detail, by);
    RouteStage before = held.before();
    if (held.rollback() == null) {
      throw StageChangeException.conflict(
          "urn:ficus:problem:nothing-to-roll-back",
          "route "
              + route.id()
              + " already serves every user from legacy (stage "
              + before.stage().configName()
              + "); there is nothing to roll back");
    }
    if (!held.fresh()) {
      return held.rollback();
    }
    RouteStage.Rollback rollback = held.rollback();
    audit(route.id(), "rollback", before, control.current(), detail, by);
    count(route.id(), reason == RolloutDecision.Reason.GUARDRAIL ? "guardrail" : "rollback");
    if (route.flag() != null && flags.writer().isPresent()) {
      FlagUpdate update =
          new FlagUpdate(
              Stage.LEGACY,
              null,
              new FlagRollback(
                  reason == RolloutDecision.Reason.GUARDRAIL ? "guardrail" : "rollback",
                  detail,
                  rollback.since(),
                  by,
                  rollback.restoreStage(),
                  rollback.restoreShare()));
      writeWithRetries(control, "rollback", update, control::rollbackWritten);
    } else {
      log.warn(
          "Route {} is rolled back on this replica only: {}",
          route.id(),
          route.flag() == null
              ? "it has no flag to hold the rollback for the fleet"
              : "the flag source cannot be written");
    }
    return rollback;
  }

  /**
   * Ends a rollback: the stage and share in force before it come back, through the flag on every
   * replica.
   */
  public RouteStage recover(RouteControl control, String reason, String by)
      throws StageChangeException {
    MigrationRoute route = control.route();
    RouteStage before = control.current();
    RouteStage.Rollback rollback = before.rollback();
    if (rollback == null) {
      throw StageChangeException.conflict(
          "urn:ficus:problem:not-rolled-back",
          "route " + route.id() + " is not rolled back (stage " + before + ")");
    }
    cancelRetries(route.id());
    RouteStage restored =
        new RouteStage(
            rollback.restoreStage(),
            rollback.restoreShare(),
            RouteStage.Origin.PENDING,
            rollback.restoreShare() == null ? RouteStage.Origin.NONE : RouteStage.Origin.PENDING,
            null);
    if (route.flag() != null && flags.writer().isPresent()) {
      write(control, new FlagUpdate(rollback.restoreStage(), rollback.restoreShare(), null));
    }
    control.holdLocally(restored, "a recovery by " + by);
    audit(route.id(), "recovery", before, control.current(), reason, by);
    count(route.id(), "recovery");
    return control.current();
  }

  private void write(RouteControl control, FlagUpdate update) throws StageChangeException {
    FlagWriter writer =
        flags
            .writer()
            .orElseThrow(
                () ->
                    StageChangeException.conflict(
                        "urn:ficus:problem:flag-source-read-only",
                        "the flag source ("
                            + flags.status().source()
                            + ") cannot be written: give ficus.flags.unleash.admin-token, or use"
                            + " a flags file"));
    try {
      writer.write(control.route().flag(), update);
      meter("ficus.flag.writes", control.route().id(), "outcome", "written").increment();
    } catch (FlagWriteException e) {
      meter("ficus.flag.writes", control.route().id(), "outcome", "failed").increment();
      log.warn(
          "Route {}: the flag source could not be written: {}",
          control.route().id(),
          e.getMessage());
      throw StageChangeException.unwritable(
          "the flag source could not be written, so nothing was changed: " + e.getMessage());
    }
  }

  private void writeWithRetries(
      RouteControl control, String what, FlagUpdate update, Runnable onWritten) {
    String id = control.route().id();
    int generation = generations.merge(id, 1, Integer::sum);
    pending.put(id, new PendingWrite(what, clock.instant(), 0, null, clock.instant()));
    worker.execute(() -> attempt(control, what, update, onWritten, generation, 1));
  }

  private void attempt(
      RouteControl control,
      String what,
      FlagUpdate update,
      Runnable onWritten,
      int generation,
      int attempt) {
    String id = control.route().id();
    if (generations.getOrDefault(id, 0) != generation) {
      return;
    }
    try {
      flags.writer().orElseThrow().write(control.route().flag(), update);
      meter("ficus.flag.writes", id, "outcome", "written").increment();
      if (generations.getOrDefault(id, 0) == generation) {
        pending.remove(id);
        retries.remove(id);
        onWritten.run();
      }
      if (attempt > 1) {
        log.warn("Route {}: the {} reached the flag source after {} attempts", id, what, attempt);
      }
    } catch (FlagWriteException | RuntimeException e) {
      meter("ficus.flag.writes", id, "outcome", "failed").increment();
      Duration wait =
          Duration.ofSeconds(Math.min(MAX_RETRY.toSeconds(), 1L << Math.min(attempt - 1, 5)));
      PendingWrite before = pending.get(id);
      pending.put(
          id,
          new PendingWrite(
              what,
              before == null ? clock.instant() : before.since(),
              attempt,
              e.getMessage(),
              clock.instant().plus(wait)));
      if (attempt == 1) {
        log.error(
            "Route {}: the {} holds on this replica, but the flag source could not be written ({});"
                + " retrying until it can",
            id,
            what,
            e.getMessage());
      }
      int next = generation + 1;
      Runnable retry =
          () -> {
            if (generations.replace(id, generation, next)) {
              worker.execute(() -> attempt(control, what, update, onWritten, next, attempt + 1));
            }
          };
      retries.put(id, retry);
      worker.schedule(retry, wait.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void cancelRetries(String routeId) {
    generations.merge(routeId, 1, Integer::sum);
    pending.remove(routeId);
    retries.remove(routeId);
  }

  private void audit(
      String route, String change, RouteStage before, RouteStage after, String reason, String by) {
    audit.info(
        "route={} change={} old=\"{}\" new=\"{}\" reason=\"{}\" by=\"{}\"",
        route,
        change,
        before,
        after,
        reason == null ? "" : reason.replace('"', '\''),
        by);
  }

  private void count(String route, String reason) {
    meter("ficus.stage.changes", route, "reason", reason).increment();
  }

  private Counter meter(String name, String route, String key, String value) {
    return counters.computeIfAbsent(
        name + route + key + value,
        ignored ->
            Counter.builder(name)
                .description(
                    name.equals("ficus.stage.changes")
                        ? "Changes of who the route serves, by cause: operator, guardrail, rollback,"
                            + " recovery, flag_source (read from the flag source)"
                        : "Writes of the route's flag to the flag source, by outcome")
                .tag("route", route)
                .tag(key, value.toLowerCase(Locale.ROOT))
                .register(meters));
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  @Override
  public String toString() {
    return "FleetControl" + routes.keySet();
  }
}
