package dev.ficus.gateway.shadow;

import dev.ficus.compare.Side;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.ContentDecoding;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.operation.Operation;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.compare.outcome.SkipReason;
import dev.ficus.gateway.capture.CaptureRecorder;
import dev.ficus.gateway.observe.RequestTracing;
import dev.ficus.gateway.observe.RouteEvidence;
import dev.ficus.gateway.route.MigrationRoute;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

/**
 * Runs the shadow half of a request after the client has its answer: calls the side that did not
 * serve (and, for noise learning, legacy a second time), compares on a small worker pool, and
 * records the outcome. Every failure here becomes a counted outcome and a log line; nothing reaches
 * the client.
 */
public final class ShadowDispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ShadowDispatcher.class);

  private final ShadowClient client;
  private final URI legacyUri;
  private final ThreadPoolExecutor comparisons;
  private final RequestTracing tracing;
  private final CaptureRecorder capture;
  private final AtomicInteger inFlight = new AtomicInteger();

  public ShadowDispatcher(
      ShadowClient client,
      URI legacyUri,
      int workers,
      int queue,
      RequestTracing tracing,
      CaptureRecorder capture) {
    this.client = client;
    this.legacyUri = legacyUri;
    this.tracing = tracing;
    this.capture = capture;
    this.comparisons =
        new ThreadPoolExecutor(
            workers,
            workers,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            runnable -> {
              Thread thread = new Thread(runnable, "ficus-compare");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * The primary call is over. Holds a shadow slot of {@code evidence}, released when this work
   * ends.
   *
   * @param request the client's request (its body as far as it was kept)
   * @param clientHeaders the client's request headers, forwarded to the shadow call
   * @param primary what the serving side answered
   * @param operation what the request does: whether it is a read (GET, HEAD, OPTIONS, or declared
   *     one by the route), which legacy may be sent a second time to learn noise, and the
   *     operation's name its evidence is also counted under
   */
  public void dispatch(
      RouteEvidence evidence,
      Side serving,
      RecordedRequest request,
      HttpHeaders clientHeaders,
      RecordedResponse primary,
      String userHash,
      String traceId,
      Instant time,
      Span server,
      boolean capturing,
      Operation operation) {
    inFlight.incrementAndGet();
    MigrationRoute route = evidence.route();
    Side shadow = serving.other();
    byte[] body = request.body().bytes();
    HttpHeaders headers = new HttpHeaders();
    headers.putAll(clientHeaders);
    headers.remove("traceparent");
    headers.remove("tracestate");
    if (!tracing.trustsIncoming()) {
      headers.remove("baggage");
    }
    Span shadowSpan =
        server.getSpanContext().isValid()
            ? tracing.startCall(
                server,
                "shadow",
                route.id(),
                shadow.label(),
                request.method(),
                base(route, shadow).resolve(request.pathAndQuery()),
                headers)
            : Span.getInvalid();
    Mono<RecordedResponse> shadowCall =
        call(route, shadow, request, headers, body)
            .doOnNext(
                answer -> {
                  if (shadowSpan.isRecording()) {
                    shadowSpan.setAttribute(
                        "http.status_code",
                        answer.failed() ? "failed" : Integer.toString(answer.status()));
                  }
                  shadowSpan.end();
                });
    boolean learnNoise =
        route.shadow().noiseDetection()
            && operation.read()
            && ThreadLocalRandom.current().nextDouble() < route.shadow().noiseSampleRate();
    Mono<RecordedResponse> secondLegacy =
        learnNoise ? call(route, Side.LEGACY, request, headers, body) : Mono.just(NOT_CALLED);
    Mono.zip(shadowCall, secondLegacy)
        .subscribe(
            calls ->
                compareLater(
                    new Answers(
                        evidence,
                        serving,
                        request,
                        primary,
                        calls.getT1(),
                        calls.getT2() == NOT_CALLED ? null : calls.getT2(),
                        userHash,
                        traceId,
                        time,
                        shadowSpan,
                        capturing,
                        operation.name())),
            error -> {
              shadowSpan.end();
              try (RequestTracing.LogContext trace = RequestTracing.inLogs(shadowSpan)) {
                log.warn(
                    "Shadow of route {} failed unexpectedly (trace {}): {}",
                    route.id(),
                    traceId,
                    error.toString());
              }
              evidence.recordSkipped(SkipReason.SHADOW_FAILED);
              Answers answers =
                  new Answers(
                      evidence,
                      serving,
                      request,
                      primary,
                      null,
                      null,
                      userHash,
                      traceId,
                      time,
                      shadowSpan,
                      capturing,
                      operation.name());
              evidence.operations().recordSkipped(operation.name(), SkipReason.SHADOW_FAILED);
              captureUncompared(answers, SkipReason.SHADOW_FAILED);
              finish(evidence);
            });
  }

  /** Everything a shadowed request's comparison needs, once both calls are over. */
  private record Answers(
      RouteEvidence evidence,
      Side serving,
      RecordedRequest request,
      RecordedResponse primary,
      RecordedResponse shadow,
      RecordedResponse secondLegacy,
      String userHash,
      String traceId,
      Instant time,
      Span shadowSpan,
      boolean capturing,
      String operation) {

    RecordedExchange asExchange(RecordedResponse legacy, RecordedResponse fresh) {
      return new RecordedExchange(
          request, legacy, fresh, evidence.route().id(), serving, userHash, traceId, time);
    }
  }

  /** Records an exchange whose comparison never happened, with the primary answer only. */
  private void captureUncompared(Answers answers, SkipReason reason) {
    if (!answers.capturing()) {
      return;
    }
    RecordedResponse primary = answers.primary();
    RecordedResponse shadow = answers.shadow();
    boolean legacyServed = answers.serving() == Side.LEGACY;
    capture.record(
        answers.evidence().route(),
        answers.asExchange(legacyServed ? primary : shadow, legacyServed ? shadow : primary),
        "skipped:" + reason.label(),
        java.util.List.of());
  }

  private void finish(RouteEvidence evidence) {
    evidence.endShadow();
    inFlight.decrementAndGet();
  }

  private static final RecordedResponse NOT_CALLED = RecordedResponse.failed("not called", null);

  private URI base(MigrationRoute route, Side side) {
    return side == Side.NEW ? route.newUri() : legacyUri;
  }

  private Mono<RecordedResponse> call(
      MigrationRoute route, Side side, RecordedRequest request, HttpHeaders headers, byte[] body) {
    return client.call(
        base(route, side),
        request.method(),
        request.pathAndQuery(),
        headers,
        body,
        route.connectTimeout(),
        route.responseTimeout(),
        route.shadow().maxBodyBytes());
  }

  /**
   * Bodies this small are compared where the shadow answer arrives: a few microseconds, no thread
   * hop.
   */
  /** Hostile answers are logged once per route per minute, never a line each. */
  private final dev.ficus.gateway.support.OncePerMinute hostile =
      new dev.ficus.gateway.support.OncePerMinute();

  static final int INLINE_COMPARISON_BYTES = 16 * 1024;

  private void compareLater(Answers answers) {
    RouteEvidence evidence = answers.evidence();
    Runnable work =
        () -> {
          try {
            compare(answers);
          } catch (RuntimeException e) {
            long held = hostile.due(evidence.route().id());
            if (held >= 0) {
              try (RequestTracing.LogContext trace = RequestTracing.inLogs(answers.shadowSpan())) {
                log.warn(
                    "Comparison of route {} failed (trace {}): {}{}",
                    evidence.route().id(),
                    answers.traceId(),
                    e.toString(),
                    held > 0 ? " (and " + held + " more answers in the last minute)" : "");
              }
            }
            evidence.recordSkipped(SkipReason.NOT_COMPARABLE);
            captureUncompared(answers, SkipReason.NOT_COMPARABLE);
          } finally {
            finish(evidence);
          }
        };
    boolean small =
        answers.primary().body().bytes().length + answers.shadow().body().bytes().length
                <= INLINE_COMPARISON_BYTES
            && (answers.secondLegacy() == null
                || answers.secondLegacy().body().bytes().length <= INLINE_COMPARISON_BYTES);
    if (small) {
      work.run();
      return;
    }
    try {
      comparisons.execute(work);
    } catch (RejectedExecutionException e) {
      evidence.recordSkipped(SkipReason.SATURATED);
      captureUncompared(answers, SkipReason.SATURATED);
      finish(evidence);
    }
  }

  private void compare(Answers answers) {
    RouteEvidence evidence = answers.evidence();
    Side serving = answers.serving();
    RecordedRequest request = answers.request();
    RecordedResponse primary = answers.primary();
    RecordedResponse shadow = answers.shadow();
    RecordedResponse secondLegacy = answers.secondLegacy();
    String traceId = answers.traceId();
    Span shadowSpan = answers.shadowSpan();
    Side shadowSide = serving.other();
    evidence.recordCall(shadowSide, shadow);
    RecordedResponse shadowDecoded = decoded(shadow, evidence.route().shadow().maxBodyBytes());
    RecordedResponse primaryDecoded = decoded(primary, evidence.route().shadow().maxBodyBytes());
    RecordedResponse legacy = serving == Side.LEGACY ? primaryDecoded : shadowDecoded;
    RecordedResponse fresh = serving == Side.NEW ? primaryDecoded : shadowDecoded;
    if (secondLegacy != null) {
      evidence.learnNoise(legacy, decoded(secondLegacy, evidence.route().shadow().maxBodyBytes()));
    }
    RecordedExchange exchange =
        new RecordedExchange(
            request,
            legacy,
            fresh,
            evidence.route().id(),
            serving,
            answers.userHash(),
            traceId,
            answers.time());
    Span span =
        shadowSpan.getSpanContext().isValid()
            ? tracing.startComparison(shadowSpan, evidence.route().id())
            : Span.getInvalid();
    Outcome outcome;
    try {
      outcome = evidence.comparator().compare(exchange);
      if (span.isRecording()) {
        span.setAttribute("ficus.outcome", outcome.kind().label());
        if (outcome instanceof Outcome.Mismatch mismatch) {
          span.setAttribute("ficus.differences", Integer.toString(mismatch.differences().size()));
          span.addEvent(
              "differing paths: "
                  + mismatch.differences().stream()
                      .map(difference -> difference.path())
                      .distinct()
                      .limit(20)
                      .collect(java.util.stream.Collectors.joining(" ")));
        } else if (outcome instanceof Outcome.Skipped skipped) {
          span.setAttribute("ficus.skipped", skipped.reason().label());
        }
      }
    } finally {
      span.end();
    }
    evidence.recordOutcome(exchange, outcome);
    evidence.operations().recordOutcome(answers.operation(), exchange, outcome);
    if (outcome instanceof Outcome.Skipped skipped
        && (skipped.reason() == SkipReason.TOO_DEEP
            || skipped.reason() == SkipReason.NOT_COMPARABLE)) {
      long held = hostile.due(evidence.route().id());
      if (held >= 0) {
        log.warn(
            "Route {}: an answer could not be compared value by value ({}, trace {}); counted in"
                + " ficus_shadow_outcomes_total{}",
            evidence.route().id(),
            skipped.reason().label(),
            traceId,
            held > 0 ? " (and " + held + " more in the last minute)" : "");
      }
    }
    if (answers.capturing()) {
      capture.record(
          evidence.route(),
          exchange,
          outcome instanceof Outcome.Skipped skipped
              ? "skipped:" + skipped.reason().label()
              : outcome.kind().label(),
          outcome instanceof Outcome.Mismatch mismatch
              ? mismatch.differences().stream().map(d -> d.path()).distinct().limit(50).toList()
              : java.util.List.of());
    }
    if (outcome instanceof Outcome.Mismatch mismatch && log.isDebugEnabled()) {
      log.debug(
          "Mismatch on route {} {} {} (trace {}): {}",
          evidence.route().id(),
          request.method(),
          request.path(),
          traceId,
          mismatch.differences());
    }
  }

  /**
   * The answer with a gzip or deflate body decoded, so the comparison sees content, not
   * compression.
   */
  private static RecordedResponse decoded(RecordedResponse response, long limit) {
    if (response.failed()) {
      return response;
    }
    String encoding = response.header("content-encoding");
    if (encoding == null || response.body().truncated()) {
      return response;
    }
    Body body = ContentDecoding.decode(response.body(), encoding, limit);
    return body == response.body()
        ? response
        : new RecordedResponse(
            response.status(), response.headers(), body, response.latency(), null);
  }

  static boolean isSafe(String method) {
    return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
  }

  /**
   * Lets shadows in flight finish (for up to ten seconds), so that their outcomes are counted and
   * their exchanges captured before the capture writer closes.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlight.get() > 0) {
      log.warn("{} shadow calls were still in flight at shutdown", inFlight.get());
    }
    comparisons.shutdown();
    try {
      comparisons.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ShadowDispatcher[" + comparisons.getActiveCount() + " comparing]";
  }
}
