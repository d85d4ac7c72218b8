package dev.ficus.gateway.fleet;

import dev.ficus.flags.FlagDefinition;
import dev.ficus.flags.FlagRollback;
import dev.ficus.flags.Stage;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.RolloutDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One route's stage in force on this replica: what its flag holds (or its configured mode), unless
 * a change made here is not yet read back from the flag source. Requests read {@link #current()};
 * every change of who is served is told to the listeners (the guardrail starts a fresh window).
 */
public final class RouteControl {

  private static final Logger log = LoggerFactory.getLogger(RouteControl.class);

  /** A change of who is served: before, after, and what caused it. */
  public record Change(RouteStage before, RouteStage after, String cause) {}

  /**
   * A change made on this replica, in force here until the flag source shows it.
   *
   * @param stage the stage in force meanwhile
   * @param expires when the source's own stage applies again, though it does not show the change
   *     (someone changed it since); null to hold until written (a rollback the source could not
   *     take yet)
   */
  private record Local(RouteStage stage, Instant expires) {}

  private final MigrationRoute route;
  private final Duration settle;
  private final Clock clock;
  private final List<java.util.function.Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private volatile RouteStage current;
  private FlagDefinition source;
  private Local local;

  /**
   * @param settle how long a change written here may take to be read back from the flag source
   */
  RouteControl(MigrationRoute route, Duration settle, Clock clock) {
    this.route = route;
    this.settle = settle;
    this.clock = clock;
    this.current = RouteStage.configured(route.mode());
  }

  public MigrationRoute route() {
    return route;
  }

  /** The stage in force: one volatile read. */
  public RouteStage current() {
    return current;
  }

  /** Whether users can be served by the new side now (the guardrails judge only then). */
  public boolean servesNew() {
    RouteStage now = current;
    return now.rollback() == null && now.stage().servesNew();
  }

  /** Calls {@code listener} after every change of who is served. */
  public void onChange(java.util.function.Consumer<Change> listener) {
    listeners.add(listener);
  }

  /** What the flag source holds for the route's flag, or null. */
  synchronized FlagDefinition source() {
    return source;
  }

  void sourceChanged(FlagDefinition definition) {
    Change change;
    synchronized (this) {
      source = definition;
      change = recompute("the flag source");
    }
    tell(change);
  }

  /** Puts a change made here in force at once, until the source shows it. */
  void holdLocally(RouteStage stage, String cause) {
    Change change;
    synchronized (this) {
      local = new Local(stage, clock.instant().plus(settle));
      change = recompute(cause);
    }
    tell(change);
  }

  /**
   * What {@link #holdRollback} found: the rollback in force (null when the route serves no one from
   * the new side, so there is nothing to roll back), whether it was put in force just now, and the
   * stage before.
   */
  record Held(RouteStage.Rollback rollback, boolean fresh, RouteStage before) {}

  /**
   * Rolls the route back here at once, unless it already is (the first rollback's time and reason
   * stay) or serves no one from the new side. Held until written to the flag source.
   */
  Held holdRollback(RolloutDecision.Reason reason, String detail, String by) {
    Held held;
    Change change = null;
    synchronized (this) {
      RouteStage before = current;
      if (before.rollback() != null) {
        held = new Held(before.rollback(), false, before);
      } else if (!before.stage().servesNew()) {
        held = new Held(null, false, before);
      } else {
        RouteStage.Rollback rollback =
            new RouteStage.Rollback(
                reason, detail, clock.instant(), by, before.stage(), before.share(), false);
        local =
            new Local(
                new RouteStage(
                    Stage.LEGACY,
                    before.share(),
                    RouteStage.Origin.ROLLBACK,
                    before.shareOrigin(),
                    rollback),
                null);
        change = recompute("a rollback by " + by);
        held = new Held(rollback, true, before);
      }
    }
    tell(change);
    return held;
  }

  /** The rollback held here was written: the source will show it within the settle time. */
  synchronized void rollbackWritten() {
    if (local != null && local.stage().rollback() != null && !local.stage().rollback().written()) {
      RouteStage written =
          new RouteStage(
              local.stage().stage(),
              local.stage().share(),
              local.stage().stageOrigin(),
              local.stage().shareOrigin(),
              local.stage().rollback().asWritten());
      local = new Local(written, clock.instant().plus(settle));
      current = written;
    }
  }

  /** Lets a change made here lapse when the source has not shown it within the settle time. */
  void tick() {
    Change change = null;
    synchronized (this) {
      if (local != null && local.expires() != null && clock.instant().isAfter(local.expires())) {
        change = recompute("the flag source (a change made here was not read back)");
      }
    }
    tell(change);
  }

  /** Tells the listeners, outside the lock: they take locks of their own. */
  private void tell(Change change) {
    if (change == null) {
      return;
    }
    if (change.cause().startsWith("the flag source")) {
      log.info(
          "Route {}: {} -> {} (from {})",
          route.id(),
          change.before(),
          change.after(),
          change.cause());
    }
    for (java.util.function.Consumer<Change> listener : listeners) {
      listener.accept(change);
    }
  }

  private Change recompute(String cause) {
    RouteStage derived = derive(route.mode(), source);
    if (local != null
        && (derived.sameAs(local.stage())
            || (local.expires() != null && clock.instant().isAfter(local.expires())))) {
      local = null;
    }
    RouteStage next = local == null ? derived : local.stage();
    RouteStage before = current;
    current = next;
    return next.sameAs(before) ? null : new Change(before, next, cause);
  }

  /** The stage a flag definition gives a route whose configured mode is {@code mode}. */
  static RouteStage derive(Stage mode, FlagDefinition flag) {
    if (flag == null) {
      return RouteStage.configured(mode);
    }
    RouteStage.Origin shareOrigin =
        flag.share() == null ? RouteStage.Origin.NONE : RouteStage.Origin.FLAG;
    FlagRollback held = flag.rollback();
    if (held != null) {
      return new RouteStage(
          Stage.LEGACY,
          flag.share(),
          RouteStage.Origin.ROLLBACK,
          shareOrigin,
          new RouteStage.Rollback(
              "guardrail".equals(held.reason())
                  ? RolloutDecision.Reason.GUARDRAIL
                  : RolloutDecision.Reason.ROLLBACK,
              held.detail(),
              held.since(),
              held.by(),
              held.restoreStage(),
              held.restoreShare(),
              true));
    }
    return flag.stage() == null
        ? new RouteStage(mode, flag.share(), RouteStage.Origin.CONFIG, shareOrigin, null)
        : new RouteStage(flag.stage(), flag.share(), RouteStage.Origin.FLAG, shareOrigin, null);
  }

  @Override
  public String toString() {
    return "RouteControl[" + route.id() + " " + current + "]";
  }
}
