package dev.ficus.gateway.dualwrite;

import dev.ficus.compare.Side;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.gateway.observe.RequestTracing;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.shadow.ShadowClient;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

/**
 * Reads written entities back from both sides after each route's {@code delay}, as a system read
 * (no user headers), compares the two reads and counts the outcome. Holds at most {@link
 * #MAX_PENDING} read-backs; one more is counted as abandoned at once. At shutdown every read-back
 * not yet judged is counted as abandoned.
 */
final class ReadBacks {

  /** Read-backs waiting at once, over all routes. */
  static final int MAX_PENDING = 10_000;

  /** Marks the reads of a read-back. */
  static final String MARKER = "read-back";

  private static final Logger log = LoggerFactory.getLogger(ReadBacks.class);

  private final ShadowClient client;
  private final URI legacyUri;
  private final RequestTracing tracing;
  private final Set<ReadBack> pending = ConcurrentHashMap.newKeySet();
  private final ScheduledThreadPoolExecutor timer;
  private volatile boolean closed;

  ReadBacks(ShadowClient client, URI legacyUri, RequestTracing tracing) {
    this.client = client;
    this.legacyUri = legacyUri;
    this.tracing = tracing;
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "ficus-read-back");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
  }

  void schedule(ReadBack readBack) {
    if (closed || pending.size() >= MAX_PENDING) {
      readBack.abandon();
      return;
    }
    String missing = readBack.missingId();
    if (missing != null) {
      readBack.attempted();
      readBack.diverged(missing, List.of(), null, null);
      return;
    }
    pending.add(readBack);
    readBack.evidence().dualWrite().pendingStarted();
    later(readBack);
  }

  private void later(ReadBack readBack) {
    try {
      timer.schedule(
          () -> run(readBack), readBack.settings().delay().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      readBack.abandon();
      ended(readBack);
    }
  }

  private void run(ReadBack readBack) {
    if (closed) {
      return;
    }
    try {
      Mono.zip(read(readBack, Side.LEGACY), read(readBack, Side.NEW))
          .subscribe(
              reads -> judge(readBack, reads.getT1(), reads.getT2()),
              error -> {
                readBack.abandon();
                ended(readBack);
              });
    } catch (RuntimeException e) {
      log.warn("Read-back {} could not be sent: {}", readBack, e.toString());
      readBack.abandon();
      ended(readBack);
    }
  }

  private void judge(ReadBack readBack, RecordedResponse legacy, RecordedResponse fresh) {
    try {
      boolean more = readBack.attempted();
      ReadBack.Judgement judgement = readBack.judge(legacy, fresh);
      if (judgement instanceof ReadBack.Judgement.Differs differs) {
        if (more && !closed) {
          later(readBack);
          return;
        }
        if (readBack.diverged(differs.reason(), differs.differences(), legacy, fresh)) {
          log.debug(
              "Route {}: a written entity diverged (trace {}): {}",
              readBack.evidence().route().id(),
              readBack.writeSpan().getSpanContext().getTraceId(),
              differs.reason());
        }
      } else {
        readBack.converged();
      }
      ended(readBack);
    } catch (RuntimeException e) {
      log.warn("Read-back {} could not be judged: {}", readBack, e.toString());
      readBack.abandon();
      ended(readBack);
    }
  }

  private void ended(ReadBack readBack) {
    if (pending.remove(readBack)) {
      readBack.evidence().dualWrite().pendingEnded();
    }
  }

  private Mono<RecordedResponse> read(ReadBack readBack, Side side) {
    MigrationRoute route = readBack.evidence().route();
    URI base = side == Side.LEGACY ? legacyUri : route.newUri();
    String path = side == Side.LEGACY ? readBack.legacyRead() : readBack.newRead();
    HttpHeaders headers = new HttpHeaders();
    readBack.systemHeaders(headers);
    Span parent = readBack.writeSpan();
    Span span =
        parent.getSpanContext().isValid()
            ? tracing.startCall(
                parent, MARKER, route.id(), side.label(), "GET", base.resolve(path), headers)
            : Span.getInvalid();
    return client
        .call(
            base,
            "GET",
            path,
            headers,
            null,
            route.connectTimeout(),
            route.responseTimeout(),
            route.shadow().maxBodyBytes(),
            MARKER)
        .doOnNext(
            answer -> {
              if (span.isRecording()) {
                span.setAttribute(
                    "http.status_code",
                    answer.failed() ? "failed" : Integer.toString(answer.status()));
              }
              span.end();
            });
  }

  /**
   * Stops reading back; every read-back not yet judged is counted as abandoned.
   *
   * @return how many were
   */
  int close() {
    closed = true;
    timer.shutdownNow();
    int abandoned = 0;
    for (ReadBack readBack : List.copyOf(pending)) {
      if (readBack.abandon()) {
        abandoned++;
      }
      ended(readBack);
    }
    return abandoned;
  }

  @Override
  public String toString() {
    return "ReadBacks[" + pending.size() + " pending]";
  }
}
