package dev.ficus.gateway.autopilot;

import java.time.Instant;

/**
 * What the autopilot makes of a route now, and what to do about it; nothing is changed by judging.
 *
 * @param state the state shown in the admin API
 * @param position where the route stands
 * @param since when the step began, or null
 * @param waitingFor in words: what it waits for, or why it stopped
 * @param action what the driver does, or null (it waits)
 * @param target where an action takes the route
 * @param reason why, for the step's record
 */
record Judgement(
    String state,
    Position position,
    Instant since,
    String waitingFor,
    Action action,
    Position target,
    String reason) {

  /** What the driver does about it. */
  enum Action {
    ADVANCE("advance"),
    FAIL("fail"),
    STOP("fail"),
    DONE("done");

    final String label;

    Action(String label) {
      this.label = label;
    }
  }

  static Judgement waiting(String state, Position position, Instant since, String why) {
    return new Judgement(state, position, since, why, null, null, null);
  }
}
