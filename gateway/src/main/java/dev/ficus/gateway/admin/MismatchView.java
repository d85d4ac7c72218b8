package dev.ficus.gateway.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ficus.compare.analysis.RouteStatistics.MismatchRecord;
import dev.ficus.compare.diff.Difference;
import java.time.Instant;
import java.util.List;

/**
 * One recent mismatch in the admin API: the request, its trace, both answers and the differences.
 *
 * @param time when it happened
 * @param traceId the W3C trace id, to find the request's trace
 * @param method the request method
 * @param target path and query
 * @param servingSide the side whose answer the client got
 * @param legacyStatus legacy's status
 * @param newStatus the new side's status
 * @param differences the real differences
 * @param legacyBody legacy's body, cut to 16 KiB
 * @param newBody the new side's body, cut to 16 KiB
 */
public record MismatchView(
    Instant time,
    String traceId,
    String method,
    String target,
    String servingSide,
    int legacyStatus,
    int newStatus,
    List<DifferenceView> differences,
    String legacyBody,
    String newBody) {

  /** A difference: its kind, its path, and each side's value there as JSON text. */
  public record DifferenceView(
      String kind, String path, String legacy, @JsonProperty("new") String fresh) {

    static DifferenceView of(Difference difference) {
      return new DifferenceView(
          difference.kind().label(), difference.path(), difference.legacy(), difference.fresh());
    }
  }

  static MismatchView of(MismatchRecord record) {
    return new MismatchView(
        record.time(),
        record.traceId(),
        record.method(),
        record.target(),
        record.servingSide(),
        record.legacyStatus(),
        record.newStatus(),
        record.differences().stream().map(DifferenceView::of).toList(),
        record.legacyBody(),
        record.newBody());
  }
}
