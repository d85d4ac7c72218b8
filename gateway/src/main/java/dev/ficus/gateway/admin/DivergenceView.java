package dev.ficus.gateway.admin;

import dev.ficus.gateway.dualwrite.Divergence;
import java.time.Instant;
import java.util.List;

/**
 * One recent divergence in the admin API ({@code GET /ficus/routes/{id}/mismatches}): a write sent
 * to both sides whose entity read back differently.
 *
 * @param time when the last read-back ran
 * @param traceId the write's trace id
 * @param method the write's method
 * @param target the write's path and query
 * @param legacyId the entity's id on legacy
 * @param newId the entity's id on the new side
 * @param legacyRead the read path on legacy
 * @param newRead the read path on the new side
 * @param legacyStatus legacy's read status, 0 when the read failed or never ran
 * @param newStatus the new side's read status, 0 when the read failed or never ran
 * @param reason in words: where the reads differ, or which failed and how
 * @param attempts read-backs made
 * @param differences where the two reads differ
 * @param legacyBody legacy's read, cut to 16 KiB
 * @param newBody the new side's read, cut to 16 KiB
 */
public record DivergenceView(
    Instant time,
    String traceId,
    String method,
    String target,
    String legacyId,
    String newId,
    String legacyRead,
    String newRead,
    int legacyStatus,
    int newStatus,
    String reason,
    int attempts,
    List<MismatchView.DifferenceView> differences,
    String legacyBody,
    String newBody) {

  static DivergenceView of(Divergence divergence) {
    return new DivergenceView(
        divergence.time(),
        divergence.traceId(),
        divergence.method(),
        divergence.target(),
        divergence.legacyId(),
        divergence.newId(),
        divergence.legacyRead(),
        divergence.newRead(),
        divergence.legacyStatus(),
        divergence.newStatus(),
        divergence.reason(),
        divergence.attempts(),
        divergence.differences().stream().map(MismatchView.DifferenceView::of).toList(),
        divergence.legacyBody(),
        divergence.newBody());
  }
}
