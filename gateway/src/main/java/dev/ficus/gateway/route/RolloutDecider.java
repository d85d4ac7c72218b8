package dev.ficus.gateway.route;

import dev.ficus.compare.Side;
import dev.ficus.flags.RolloutFlags;
import dev.ficus.gateway.route.RolloutDecision.Reason;
import java.util.Optional;

/**
 * Chooses the serving side of one request from its route's mode, the user id and the route's flag.
 */
public final class RolloutDecider {

  private final RolloutFlags flags;

  public RolloutDecider(RolloutFlags flags) {
    this.flags = flags;
  }

  public RolloutDecision decide(MigrationRoute route, Optional<String> userId) {
    return switch (route.mode()) {
      case LEGACY, SHADOW -> new RolloutDecision(Side.LEGACY, Reason.MODE);
      case NEW -> new RolloutDecision(Side.NEW, Reason.MODE);
      case CANARY ->
          userId
              .map(user -> byFlag(route.flag(), user))
              .orElse(new RolloutDecision(Side.LEGACY, Reason.NO_IDENTITY));
    };
  }

  private RolloutDecision byFlag(String flag, String userId) {
    return switch (flags.stateFor(flag, userId)) {
      case ON -> new RolloutDecision(Side.NEW, Reason.FLAG_ON);
      case OFF -> new RolloutDecision(Side.LEGACY, Reason.FLAG_OFF);
      case UNKNOWN -> new RolloutDecision(Side.LEGACY, Reason.FLAG_UNKNOWN);
    };
  }

  @Override
  public String toString() {
    return "RolloutDecider[" + flags + "]";
  }
}
