package dev.ficus.gateway.dualwrite;

import dev.ficus.compare.diff.Difference;
import java.time.Instant;
import java.util.List;

/**
 * One write whose entity read back differently from the two sides: the write, both reads and where
 * they differ, or why a read failed.
 *
 * @param time when the last read-back ran
 * @param traceId the write's trace id, or null
 * @param method the write's method
 * @param target the write's path and query
 * @param legacyId the entity's id on legacy
 * @param newId the entity's id on the new side
 * @param legacyRead the read path on legacy
 * @param newRead the read path on the new side
 * @param legacyStatus legacy's read status, 0 when the read failed
 * @param newStatus the new side's read status, 0 when the read failed
 * @param legacyBody legacy's read body, cut to 16 KiB
 * @param newBody the new side's read body, cut to 16 KiB
 * @param differences where the two reads differ (the id correlated, learned noise left out)
 * @param reason in words: the differing paths, or which read failed and how
 * @param attempts read-backs made
 */
public record Divergence(
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
    String legacyBody,
    String newBody,
    List<Difference> differences,
    String reason,
    int attempts) {

  public Divergence {
    differences = List.copyOf(differences);
  }
}
