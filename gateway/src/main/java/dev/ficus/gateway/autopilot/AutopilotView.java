package dev.ficus.gateway.autopilot;

import dev.ficus.evidence.AutopilotStore;
import java.time.Instant;
import java.util.List;

/**
 * A route's autopilot in the admin report ({@code GET /ficus/routes}) and the console.
 *
 * @param state {@code waiting_for_data}, {@code holding}, {@code advancing}, {@code failed}, {@code
 *     done} or {@code paused}
 * @param step where the route stands: {@code shadow}, {@code canary 25%}, {@code new}
 * @param since when the step began (the window judged), or null
 * @param waitingFor what it waits for, or why it stopped, in words
 * @param driver the replica driving the route (holding its lease), or null
 * @param judgedAt when this was judged
 * @param dryRun whether it only says what it would do
 * @param plan the configured plan
 * @param history the steps taken, oldest first (the latest 50)
 */
public record AutopilotView(
    String state,
    String step,
    Instant since,
    String waitingFor,
    String driver,
    Instant judgedAt,
    boolean dryRun,
    Plan plan,
    List<AutopilotStore.Step> history) {

  /**
   * @param steps the canary shares in order
   * @param hold the least time at each step
   * @param minComparisons the least comparisons at each step
   * @param promote whether it goes on to stage new after the last share
   * @param onFailure where a failed step goes
   * @param webhook whether steps are POSTed to a webhook
   */
  public record Plan(
      List<Integer> steps,
      String hold,
      long minComparisons,
      boolean promote,
      String onFailure,
      boolean webhook) {}

  /** The latest judgement of one replica. */
  record Status(
      String state,
      String step,
      Instant since,
      String waitingFor,
      String driver,
      Instant judgedAt) {}

  static AutopilotView of(
      AutopilotSettings settings, Status status, List<AutopilotStore.Step> history) {
    return new AutopilotView(
        status.state(),
        status.step(),
        status.since(),
        status.waitingFor(),
        status.driver(),
        status.judgedAt(),
        settings.dryRun(),
        new Plan(
            settings.steps(),
            settings.hold().toString(),
            settings.minComparisons(),
            settings.promote(),
            settings.onFailure().configName(),
            settings.webhook() != null),
        history);
  }
}
