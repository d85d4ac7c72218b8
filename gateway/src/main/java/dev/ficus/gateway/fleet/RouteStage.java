package dev.ficus.gateway.fleet;

import dev.ficus.flags.Stage;
import dev.ficus.gateway.route.RolloutDecision;
import java.time.Instant;

/**
 * A route's stage in force on this replica: read on every request (one volatile read, nothing
 * allocated), replaced whole when the flag source, an operator or a guardrail changes it.
 *
 * @param stage who serves: legacy while the route is rolled back
 * @param share the canary share, 0 to 100, as the flag's {@code flexibleRollout} holds it; null
 *     when the route has no flag or the flag no such strategy
 * @param stageOrigin where the stage came from
 * @param shareOrigin where the share came from
 * @param rollback the rollback in force, or null
 */
public record RouteStage(
    Stage stage, Integer share, Origin stageOrigin, Origin shareOrigin, Rollback rollback) {

  /** Where a stage or share came from. */
  public enum Origin {
    /** The route's flag, as the flag source holds it. */
    FLAG,
    /** The route's {@code mode} in the configuration: the flag says nothing about it. */
    CONFIG,
    /** A rollback in force: everyone is served by legacy. */
    ROLLBACK,
    /** A change this replica made, not yet read back from the flag source. */
    PENDING,
    /** Nothing: the route has no flag, or its flag no share. */
    NONE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Every user of the route served by legacy, fleet-wide through the flag, until an operator ends
   * it; the comparison goes on as shadow.
   *
   * @param reason {@link RolloutDecision.Reason#GUARDRAIL} or {@link
   *     RolloutDecision.Reason#ROLLBACK}
   * @param detail why, in words
   * @param since when it began
   * @param by who or what rolled the route back
   * @param restoreStage the stage restored when it ends
   * @param restoreShare the share restored when it ends, or null
   * @param written whether the flag source holds it (so every replica follows it, and a restarted
   *     one starts rolled back); false while it holds on this replica only
   */
  public record Rollback(
      RolloutDecision.Reason reason,
      String detail,
      Instant since,
      String by,
      Stage restoreStage,
      Integer restoreShare,
      boolean written) {

    Rollback asWritten() {
      return written
          ? this
          : new Rollback(reason, detail, since, by, restoreStage, restoreShare, true);
    }
  }

  /** The route's configured mode, for a route whose flag says nothing (or that has no flag). */
  public static RouteStage configured(Stage mode) {
    return new RouteStage(mode, null, Origin.CONFIG, Origin.NONE, null);
  }

  /** Whether the same users are served by the same side as under {@code other}. */
  boolean sameAs(RouteStage other) {
    return other != null
        && stage == other.stage
        && java.util.Objects.equals(share, other.share)
        && (rollback == null) == (other.rollback == null);
  }

  @Override
  public String toString() {
    return stage.configName()
        + (share == null ? "" : " " + share + "%")
        + (rollback == null ? "" : " (rolled back: " + rollback.detail() + ")");
  }
}
