package dev.ficus.gateway.route;

import dev.ficus.compare.Side;
import dev.ficus.flags.RolloutFlags;
import dev.ficus.gateway.fleet.RouteStage;
import dev.ficus.gateway.route.RolloutDecision.Reason;
import java.util.Optional;

/**
 * Chooses the serving side of one request from its route's stage in force, the user id and the
 * route's flag.
 */
public final class RolloutDecider {

  private static final RolloutDecision LEGACY_BY_STAGE =
      new RolloutDecision(Side.LEGACY, Reason.MODE);
  private static final RolloutDecision NEW_BY_STAGE = new RolloutDecision(Side.NEW, Reason.MODE);
  private static final RolloutDecision NO_IDENTITY =
      new RolloutDecision(Side.LEGACY, Reason.NO_IDENTITY);
  private static final RolloutDecision FLAG_ON = new RolloutDecision(Side.NEW, Reason.FLAG_ON);
  private static final RolloutDecision FLAG_OFF = new RolloutDecision(Side.LEGACY, Reason.FLAG_OFF);
  private static final RolloutDecision FLAG_UNKNOWN =
      new RolloutDecision(Side.LEGACY, Reason.FLAG_UNKNOWN);
  private static final RolloutDecision GUARDRAIL =
      new RolloutDecision(Side.LEGACY, Reason.GUARDRAIL);
  private static final RolloutDecision ROLLBACK = new RolloutDecision(Side.LEGACY, Reason.ROLLBACK);

  private final RolloutFlags flags;

  public RolloutDecider(RolloutFlags flags) {
    this.flags = flags;
  }

  /**
   * @param stage the route's stage in force (one volatile read by the caller)
   */
  public RolloutDecision decide(MigrationRoute route, RouteStage stage, Optional<String> userId) {
    return decide(route, stage, userId, java.util.Map.of());
  }

  /**
   * @param context the request's Unleash context properties (ficus.identity.context)
   */
  public RolloutDecision decide(
      MigrationRoute route,
      RouteStage stage,
      Optional<String> userId,
      java.util.Map<String, String> context) {
    if (stage.rollback() != null) {
      return stage.rollback().reason() == Reason.GUARDRAIL ? GUARDRAIL : ROLLBACK;
    }
    return switch (stage.stage()) {
      case LEGACY, SHADOW, DUAL_WRITE -> LEGACY_BY_STAGE;
      case NEW -> NEW_BY_STAGE;
      case CANARY -> userId.map(user -> byFlag(route.flag(), user, context)).orElse(NO_IDENTITY);
    };
  }

  private RolloutDecision byFlag(
      String flag, String userId, java.util.Map<String, String> context) {
    return switch (flags.stateFor(flag, userId, context)) {
      case ON -> FLAG_ON;
      case OFF -> FLAG_OFF;
      case UNKNOWN -> FLAG_UNKNOWN;
    };
  }

  @Override
  public String toString() {
    return "RolloutDecider[" + flags + "]";
  }
}
