package dev.ficus.gateway.autopilot;

import dev.ficus.flags.Stage;
import dev.ficus.gateway.fleet.RouteStage;

/**
 * Where a route stands in its autopilot's plan: shadow, dual-write (for a route with {@code
 * dual-write} settings), a canary share, or new.
 */
record Position(Stage stage, Integer share) {

  static Position shadow() {
    return new Position(Stage.SHADOW, 0);
  }

  /** The stage in force, with its share when it is a canary. */
  static Position of(RouteStage current) {
    return new Position(current.stage(), current.stage() == Stage.CANARY ? current.share() : null);
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

  /**
   * @param dualWrite whether the route has {@code dual-write} settings: then shadow steps to
   *     dual-write before the first canary share
   */
  Position next(AutopilotSettings settings, boolean dualWrite) {
    if (stage == Stage.SHADOW && dualWrite) {
      return new Position(Stage.DUAL_WRITE, null);
    }
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
