package dev.ficus.gateway.autopilot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.flags.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The autopilot's plan: a write route with dual-write settings passes through dual-write. */
class PositionTest {

  private static final AutopilotSettings PLAN =
      new AutopilotSettings(
          true,
          List.of(5, 50, 100),
          Duration.ofMinutes(1),
          10,
          false,
          AutopilotSettings.OnFailure.LEGACY,
          false,
          null);

  @Test
  void aRouteWithDualWriteSettingsStepsFromShadowThroughDualWriteToTheFirstShare() {
    Position dualWrite = Position.shadow().next(PLAN, true);
    assertThat(dualWrite.stage()).isEqualTo(Stage.DUAL_WRITE);
    assertThat(dualWrite.label()).isEqualTo("dual-write");
    assertThat(dualWrite.next(PLAN, true)).isEqualTo(new Position(Stage.CANARY, 5));
    assertThat(dualWrite.onFailure(PLAN)).isEqualTo(Position.shadow());
  }

  @Test
  void aRouteWithoutThemStepsFromShadowToTheFirstShare() {
    assertThat(Position.shadow().next(PLAN, false)).isEqualTo(new Position(Stage.CANARY, 5));
  }
}
