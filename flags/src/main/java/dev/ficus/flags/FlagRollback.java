package dev.ficus.flags;

import java.time.Instant;
import java.util.Objects;

/**
 * A route's rollback as its flag holds it, so that every replica serves the route from legacy and a
 * restarted one starts rolled back: written in the JSON payload of the stage variant, with the
 * stage and share to restore when it ends.
 *
 * @param reason {@code guardrail} (tripped by the new side's evidence) or {@code rollback} (an
 *     operator)
 * @param detail why, in words
 * @param since when it began
 * @param by who or what rolled the route back
 * @param restoreStage the stage in force before, restored when the rollback ends
 * @param restoreShare the canary share in force before, restored when the rollback ends; null when
 *     there was none
 */
public record FlagRollback(
    String reason,
    String detail,
    Instant since,
    String by,
    Stage restoreStage,
    Integer restoreShare) {

  public FlagRollback {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(restoreStage, "restoreStage");
  }
}
