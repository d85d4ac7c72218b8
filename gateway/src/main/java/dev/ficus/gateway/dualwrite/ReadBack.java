package dev.ficus.gateway.dualwrite;

import dev.ficus.compare.ExchangeComparator;
import dev.ficus.compare.Side;
import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.gateway.observe.RouteEvidence;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * One written entity to read back from both sides, each with its own id, and judge: converged, or
 * still differing (tried again while attempts remain, then a divergence). Counted exactly once,
 * whichever comes first of its judgement and the gateway's stop (then {@code abandoned}).
 */
final class ReadBack {

  /** Bodies kept in a divergence, each. */
  static final int MAX_EXAMPLE_BODY = 16 * 1024;

  private final RouteEvidence evidence;
  private final ExchangeComparator comparator;
  private final IdCorrelation correlation;
  private final DualWriter.Write write;
  private final String legacyId;
  private final String newId;
  private final Span writeSpan;
  private final AtomicBoolean counted = new AtomicBoolean();
  private int attempts;

  ReadBack(
      RouteEvidence evidence,
      ExchangeComparator comparator,
      IdCorrelation correlation,
      DualWriter.Write write,
      String legacyId,
      String newId,
      Span writeSpan) {
    this.evidence = evidence;
    this.comparator = comparator;
    this.correlation = correlation;
    this.write = write;
    this.legacyId = legacyId;
    this.newId = newId;
    this.writeSpan = writeSpan;
  }

  /** A read-back's judgement: alike, or how the two reads differ. */
  sealed interface Judgement {
    record Converged() implements Judgement {}

    record Differs(String reason, List<Difference> differences) implements Judgement {}
  }

  RouteEvidence evidence() {
    return evidence;
  }

  DualWriteSettings settings() {
    return evidence.route().dualWrite();
  }

  Span writeSpan() {
    return writeSpan;
  }

  /** Why there is nothing to read back, or null when both sides named the entity. */
  String missingId() {
    if (legacyId == null && newId == null) {
      return "neither side's write answer names the entity" + where();
    }
    if (legacyId == null) {
      return "legacy's write answer names no entity" + where();
    }
    if (newId == null) {
      return "the new side's write answer names no entity" + where();
    }
    return null;
  }

  private String where() {
    String idPath = settings().idPath();
    return idPath == null
        ? " (no Location header; set dual-write.id)"
        : " (nothing at " + idPath + ", no Location header)";
  }

  String legacyRead() {
    return legacyId == null ? null : settings().readBackPath(legacyId);
  }

  String newRead() {
    return newId == null ? null : settings().readBackPath(newId);
  }

  /** Accept as the write asked, and the route's read-back headers; never the user's credentials. */
  void systemHeaders(org.springframework.http.HttpHeaders headers) {
    String accept = write.clientHeaders().getFirst("Accept");
    if (accept != null) {
      headers.set("Accept", accept);
    }
    settings().readBackHeaders().forEach(headers::set);
  }

  /** One more read-back ran; whether another may follow a difference. */
  boolean attempted() {
    attempts++;
    return attempts < settings().attempts();
  }

  Judgement judge(RecordedResponse legacy, RecordedResponse fresh) {
    if ("DELETE".equals(write.request().method())) {
      if (gone(legacy) && gone(fresh)) {
        return new Judgement.Converged();
      }
      return new Judgement.Differs(
          "after the DELETE, legacy's read answers "
              + describe(legacy)
              + " and the new side's "
              + describe(fresh)
              + " (both should be 404 or 410)",
          List.of());
    }
    for (Side side : Side.values()) {
      RecordedResponse read = side == Side.LEGACY ? legacy : fresh;
      if (read.failed()) {
        return new Judgement.Differs(
            "the read-back on " + side.label() + " failed: " + read.error(), List.of());
      }
      if (read.status() < 200 || read.status() >= 300) {
        return new Judgement.Differs(
            "the read-back on "
                + side.label()
                + " answers "
                + read.status()
                + " for the written entity",
            List.of());
      }
    }
    RecordedExchange exchange =
        new RecordedExchange(
            new RecordedRequest("GET", legacyRead(), null, Map.of(), null),
            legacy,
            IdCorrelation.asLegacy(fresh, newId, legacyId),
            evidence.route().id(),
            Side.LEGACY,
            write.userHash(),
            write.traceId(),
            Instant.now());
    Outcome outcome = comparator.compare(exchange);
    if (outcome instanceof Outcome.Mismatch mismatch) {
      return new Judgement.Differs(
          "the two reads differ at "
              + mismatch.differences().stream()
                  .map(Difference::path)
                  .distinct()
                  .limit(20)
                  .collect(Collectors.joining(", ")),
          mismatch.differences());
    }
    if (outcome instanceof Outcome.Skipped skipped) {
      return new Judgement.Differs(
          "the two reads could not be compared: "
              + skipped.reason().label()
              + (skipped.detail() == null ? "" : " (" + skipped.detail() + ")"),
          List.of());
    }
    return new Judgement.Converged();
  }

  /** Counts the judgement, unless the read-back was counted already. */
  boolean converged() {
    if (!counted.compareAndSet(false, true)) {
      return false;
    }
    evidence.dualWrite().record(DualWriteOutcome.CONVERGED);
    if ("DELETE".equals(write.request().method()) && legacyId != null) {
      correlation.forget(legacyId);
    }
    return true;
  }

  boolean diverged(
      String reason,
      List<Difference> differences,
      RecordedResponse legacy,
      RecordedResponse fresh) {
    if (!counted.compareAndSet(false, true)) {
      return false;
    }
    evidence
        .dualWrite()
        .recordDivergence(
            new Divergence(
                Instant.now(),
                write.traceId(),
                write.request().method(),
                write.request().pathAndQuery(),
                legacyId,
                newId,
                legacyRead(),
                newRead(),
                status(legacy),
                status(fresh),
                text(legacy),
                text(fresh),
                differences,
                reason,
                attempts));
    return true;
  }

  /** Counts the read-back as abandoned, unless it was counted already. */
  boolean abandon() {
    if (!counted.compareAndSet(false, true)) {
      return false;
    }
    evidence.dualWrite().record(DualWriteOutcome.ABANDONED);
    return true;
  }

  private static boolean gone(RecordedResponse read) {
    return !read.failed() && (read.status() == 404 || read.status() == 410);
  }

  private static String describe(RecordedResponse read) {
    return read.failed() ? "nothing (" + read.error() + ")" : Integer.toString(read.status());
  }

  private static int status(RecordedResponse read) {
    return read == null || read.failed() ? 0 : read.status();
  }

  private static String text(RecordedResponse read) {
    if (read == null || read.failed()) {
      return null;
    }
    byte[] bytes = read.body().bytes();
    return new String(bytes, 0, Math.min(bytes.length, MAX_EXAMPLE_BODY), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ReadBack[" + evidence.route().id() + " " + legacyId + "=" + newId + "]";
  }
}
