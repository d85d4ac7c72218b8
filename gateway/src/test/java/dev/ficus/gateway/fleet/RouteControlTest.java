package dev.ficus.gateway.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.flags.FlagDefinition;
import dev.ficus.flags.FlagRollback;
import dev.ficus.flags.Stage;
import dev.ficus.gateway.route.CaptureSettings;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.ResilienceSettings;
import dev.ficus.gateway.route.RolloutDecision;
import dev.ficus.gateway.route.ShadowSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.pattern.PathPatternParser;

/** A route's stage in force: from its flag, its configured mode, and changes made here. */
class RouteControlTest {

  static final MigrationRoute TRIPS =
      new MigrationRoute(
          "trips",
          List.of(new PathPatternParser().parse("/trips/**")),
          Set.of(),
          URI.create("http://127.0.0.1:8082"),
          Stage.SHADOW,
          "trips-flag",
          Duration.ofSeconds(2),
          Duration.ofSeconds(30),
          ShadowSettings.off(),
          ResilienceSettings.none(),
          CaptureSettings.off(),
          dev.ficus.gateway.autopilot.AutopilotSettings.off(),
          null);

  /** A clock the test moves by hand. */
  static final class Hand extends Clock {
    Instant now = Instant.parse("2026-11-29T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  static FlagDefinition flag(Integer share, Stage stage, FlagRollback rollback) {
    return new FlagDefinition("trips-flag", "default", true, share, stage, rollback, 1);
  }

  @Test
  void theFlagsStageWinsOverTheConfiguredModeAndItsAbsenceLeavesTheMode() {
    assertThat(RouteControl.derive(Stage.SHADOW, null))
        .isEqualTo(
            new RouteStage(
                Stage.SHADOW, null, RouteStage.Origin.CONFIG, RouteStage.Origin.NONE, null));
    assertThat(RouteControl.derive(Stage.SHADOW, flag(30, null, null)))
        .isEqualTo(
            new RouteStage(
                Stage.SHADOW, 30, RouteStage.Origin.CONFIG, RouteStage.Origin.FLAG, null));
    assertThat(RouteControl.derive(Stage.SHADOW, flag(30, Stage.CANARY, null)))
        .isEqualTo(
            new RouteStage(Stage.CANARY, 30, RouteStage.Origin.FLAG, RouteStage.Origin.FLAG, null));
  }

  @Test
  void aRollbackInTheFlagServesLegacyAndKnowsWhatToRestore() {
    FlagRollback held =
        new FlagRollback(
            "guardrail", "mismatch storm", Instant.EPOCH, "guardrail", Stage.CANARY, 25);
    RouteStage stage = RouteControl.derive(Stage.SHADOW, flag(25, Stage.LEGACY, held));
    assertThat(stage.stage()).isEqualTo(Stage.LEGACY);
    assertThat(stage.stageOrigin()).isEqualTo(RouteStage.Origin.ROLLBACK);
    assertThat(stage.rollback().reason()).isEqualTo(RolloutDecision.Reason.GUARDRAIL);
    assertThat(stage.rollback().restoreStage()).isEqualTo(Stage.CANARY);
    assertThat(stage.rollback().restoreShare()).isEqualTo(25);
    assertThat(stage.rollback().written()).isTrue();
  }

  @Test
  void aChangeMadeHereHoldsUntilTheSourceShowsItOrItsTimeRunsOut() {
    Hand clock = new Hand();
    RouteControl control = new RouteControl(TRIPS, Duration.ofSeconds(5), clock);
    List<RouteControl.Change> changes = new ArrayList<>();
    control.onChange(changes::add);
    control.sourceChanged(flag(10, null, null));
    RouteStage canary =
        new RouteStage(
            Stage.CANARY, 10, RouteStage.Origin.PENDING, RouteStage.Origin.PENDING, null);
    control.holdLocally(canary, "a change by test");
    assertThat(control.current()).isEqualTo(canary);

    control.sourceChanged(flag(10, null, null));
    assertThat(control.current()).as("an old poll does not undo it").isEqualTo(canary);

    control.sourceChanged(flag(10, Stage.CANARY, null));
    assertThat(control.current().stageOrigin())
        .as("read back from the source")
        .isEqualTo(RouteStage.Origin.FLAG);

    control.holdLocally(
        new RouteStage(Stage.NEW, 10, RouteStage.Origin.PENDING, RouteStage.Origin.PENDING, null),
        "a change by test");
    clock.now = clock.now.plusSeconds(6);
    control.tick();
    assertThat(control.current().stage())
        .as("never read back: the source's stage applies again")
        .isEqualTo(Stage.CANARY);
    assertThat(changes)
        .extracting(change -> change.after().stage())
        .containsExactly(Stage.SHADOW, Stage.CANARY, Stage.NEW, Stage.CANARY);
  }

  @Test
  void aRollbackHeldHereStaysUntilWrittenAndKeepsItsFirstTime() {
    Hand clock = new Hand();
    RouteControl control = new RouteControl(TRIPS, Duration.ofSeconds(5), clock);
    control.sourceChanged(flag(40, Stage.CANARY, null));
    RouteControl.Held first =
        control.holdRollback(RolloutDecision.Reason.ROLLBACK, "by hand", "test");
    assertThat(first.fresh()).isTrue();
    assertThat(control.current().stage()).isEqualTo(Stage.LEGACY);
    assertThat(control.servesNew()).isFalse();

    clock.now = clock.now.plusSeconds(60);
    control.tick();
    control.sourceChanged(flag(40, Stage.CANARY, null));
    assertThat(control.current().rollback())
        .as("not written yet: it holds however long it takes")
        .isNotNull();
    RouteControl.Held second =
        control.holdRollback(RolloutDecision.Reason.GUARDRAIL, "storm", "guardrail");
    assertThat(second.fresh()).isFalse();
    assertThat(second.rollback().since()).isEqualTo(first.rollback().since());
    assertThat(second.rollback().reason()).isEqualTo(RolloutDecision.Reason.ROLLBACK);

    control.rollbackWritten();
    assertThat(control.current().rollback().written()).isTrue();
  }

  @Test
  void aRouteThatServesNobodyFromNewHasNothingToRollBack() {
    RouteControl control = new RouteControl(TRIPS, Duration.ofSeconds(5), new Hand());
    RouteControl.Held held = control.holdRollback(RolloutDecision.Reason.ROLLBACK, "x", "test");
    assertThat(held.rollback()).isNull();
    assertThat(control.current().stage()).isEqualTo(Stage.SHADOW);
  }
}
