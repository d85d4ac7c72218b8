package dev.ficus.gateway.autopilot;

import dev.ficus.compare.analysis.DualWriteFigures;
import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.compare.analysis.Verdict;
import dev.ficus.compare.analysis.VerdictPolicy;
import dev.ficus.evidence.AutopilotStore;
import dev.ficus.evidence.Bucket;
import dev.ficus.evidence.EvidenceStore;
import dev.ficus.evidence.EvidenceStoreException;
import dev.ficus.evidence.FleetEvidence;
import dev.ficus.flags.Stage;
import dev.ficus.gateway.autopilot.Judgement.Action;
import dev.ficus.gateway.fleet.RouteStage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges where a piloted route stands and what its next step is, from the shared state and the
 * fleet view over the current step's window (the verdict under {@code ficus.verdict.*}, with the
 * plan's {@code min-comparisons}). Every replica judges; only the driver acts on it.
 */
final class StepJudge {

  private final EvidenceStore store;
  private final FleetEvidence evidence;
  private final VerdictPolicy policy;
  private final Clock clock;

  StepJudge(EvidenceStore store, FleetEvidence evidence, VerdictPolicy policy, Clock clock) {
    this.store = store;
    this.evidence = evidence;
    this.policy = policy;
    this.clock = clock;
  }

  /** What to do next, and why; nothing is changed here. */
  Judgement judge(
      RoutePilot pilot, AutopilotStore.Pilot shared, AutopilotStore.Step latest, Instant now)
      throws EvidenceStoreException {
    AutopilotSettings settings = pilot.settings();
    RouteStage stage = pilot.control.current();
    Position position = Position.of(stage);
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
    if (position.done() || is(latest, "done", null, position.label())) {
      return done(position);
    }
    if (position.stage() == Stage.LEGACY) {
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
    Instant since = stepStart(pilot, latest, position, stage);
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
    RouteReport report = view.report();
    List<Verdict.Finding> findings = Verdict.findings(report, view.latency(), stepPolicy);
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
    // A decisive finding is what makes a verdict NOT_READY, and it stepped back above, so the
    // verdict here is READY or INSUFFICIENT_DATA.
    if (position.stage() == Stage.DUAL_WRITE) {
      // The fleet view's report judges the read-backs with the rest; the step needs one at least.
      DualWriteFigures dualWrite = report.dualWrite();
      if (dualWrite == null || dualWrite.readBacks() == 0) {
        return Judgement.waiting(
            "waiting_for_data",
            position,
            since,
            "no written entity read back from both sides yet at " + position.label());
      }
    }
    Verdict verdict = report.verdict();
    if (verdict.status() == Verdict.Status.INSUFFICIENT_DATA) {
      return Judgement.waiting(
          "waiting_for_data",
          position,
          since,
          String.join("; ", verdict.reasons()) + " at " + position.label());
    }
    Position next = position.next(settings, pilot.control.route().dualWrite() != null);
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
        position.stage() == Stage.NEW
            ? "the route serves every user from the new side"
            : "the route is at its last step, "
                + position.label()
                + " (promote: false keeps it there; PUT .../stage {\"stage\":\"new\"} finishes it)",
        Action.DONE,
        position,
        "reached " + position.label());
  }

  /** Whether the latest step recorded is this action (from and to, when given). */
  static boolean is(AutopilotStore.Step latest, String action, String from, String to) {
    return latest != null
        && latest.action().equals(action)
        && (from == null || latest.from().equals(from))
        && latest.to().equals(to);
  }

  private static String summary(FleetEvidence.View view) {
    long mismatches = view.report().outcomes().getOrDefault("mismatch", 0L);
    DualWriteFigures dualWrite = view.report().dualWrite();
    return mismatches
        + " mismatches"
        + (dualWrite == null
            ? ""
            : ", "
                + dualWrite.diverged()
                + " of "
                + dualWrite.readBacks()
                + " read-backs diverging");
  }

  /**
   * When the route's current step began: the autopilot's own record of moving there, else the
   * evidence store's (the end of the last bucket of another stage or share), else when this replica
   * first saw it.
   */
  private Instant stepStart(
      RoutePilot pilot, AutopilotStore.Step latest, Position position, RouteStage stage)
      throws EvidenceStoreException {
    if (latest != null
        && latest.to().equals(position.label())
        && !latest.action().startsWith("dry-run")) {
      return latest.at();
    }
    Optional<Instant> began =
        store.stepBegan(pilot.id(), Bucket.LIVE, stage.stage().configName(), stage.share());
    return began.orElseGet(() -> pilot.seen(position.label(), clock.instant()));
  }
}
