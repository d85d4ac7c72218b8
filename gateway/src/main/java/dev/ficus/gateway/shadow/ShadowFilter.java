package dev.ficus.gateway.shadow;

import dev.ficus.compare.Side;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.operation.Operation;
import dev.ficus.compare.operation.OperationClassifier;
import dev.ficus.compare.outcome.SkipReason;
import dev.ficus.gateway.capture.CaptureRecorder;
import dev.ficus.gateway.dualwrite.DualWriter;
import dev.ficus.gateway.observe.RequestTracing;
import dev.ficus.gateway.observe.RouteEvidence;
import dev.ficus.gateway.route.IdentityReader;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.RolloutDecision;
import dev.ficus.gateway.support.FicusExchangeAttributes;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Watches one route's primary call: records who served and how it went, and when the request is to
 * be shadowed, keeps bounded copies of both bodies as they stream and hands them to the {@link
 * ShadowDispatcher} once the client has the whole answer. Runs just outside the filter that writes
 * the response, so it sees every byte the client gets and delays none.
 */
public final class ShadowFilter implements GatewayFilter, Ordered {

  /** Just before {@code NettyWriteResponseFilter}, so its decorated response is the one written. */
  public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

  private static final Logger log = LoggerFactory.getLogger(ShadowFilter.class);

  private final RouteEvidence evidence;
  private final ShadowDispatcher dispatcher;
  private final IdentityReader identity;
  private final CaptureRecorder capture;
  private final DualWriter dualWriter;

  public ShadowFilter(
      RouteEvidence evidence,
      ShadowDispatcher dispatcher,
      DualWriter dualWriter,
      IdentityReader identity,
      CaptureRecorder capture) {
    this.evidence = evidence;
    this.dispatcher = dispatcher;
    this.dualWriter = dualWriter;
    this.identity = identity;
    this.capture = capture;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    long start = System.nanoTime();
    // The wall clock in milliseconds (an intrinsic); an Instant is made only for a request that is
    // shadowed or captured.
    long time = System.currentTimeMillis();
    ServerHttpRequest request = exchange.getRequest();
    Optional<String> userId = identity.userId(exchange);
    boolean capturing = capture.sampled(evidence.route(), userId);
    boolean shadowing = shouldShadow(request, userId);
    if (!shadowing && !capturing) {
      return chain
          .filter(exchange)
          .doFinally(
              signal ->
                  afterPrimary(
                      exchange, null, null, start, signal, userId, time, null, false, false));
    }
    long limit =
        Math.max(
            shadowing ? evidence.route().shadow().maxBodyBytes() : 0,
            capturing ? evidence.route().capture().maxBodyBytes() : 0);
    TeeingRequest teeRequest = new TeeingRequest(request, limit);
    TeeingResponse teeResponse = new TeeingResponse(exchange.getResponse(), limit);
    ServerWebExchange teed = exchange.mutate().request(teeRequest).response(teeResponse).build();
    return chain
        .filter(teed)
        .doFinally(
            signal ->
                afterPrimary(
                    teed,
                    teeRequest,
                    teeResponse,
                    start,
                    signal,
                    userId,
                    time,
                    RequestTracing.serverSpan(exchange),
                    shadowing,
                    capturing));
  }

  /** Decides before the call whether to keep copies, counting every reason not to. */
  private boolean shouldShadow(ServerHttpRequest request, Optional<String> userId) {
    MigrationRoute route = evidence.route();
    if (!route.shadow().comparesAt(evidence.control().current())) {
      return false;
    }
    if (!ShadowDispatcher.isSafe(request.getMethod().name())
        && !route.shadow().writes()
        && !route.shadow().reads().declaresAny()
        && !DualWriter.writesBoth(evidence)) {
      evidence.recordSkipped(SkipReason.WRITE_NOT_SHADOWED);
      return false;
    }
    if ("websocket".equalsIgnoreCase(request.getHeaders().getUpgrade())) {
      evidence.recordSkipped(SkipReason.NOT_COMPARABLE);
      return false;
    }
    if (!ShadowSampler.sampled(route.id(), userId, route.shadow().sampleRate())) {
      evidence.recordSkipped(SkipReason.SAMPLED_OUT);
      return false;
    }
    if (request.getHeaders().getContentLength() > route.shadow().maxBodyBytes()) {
      evidence.recordSkipped(SkipReason.BODY_TOO_LARGE);
      return false;
    }
    return evidence.tryStartShadow();
  }

  private void afterPrimary(
      ServerWebExchange exchange,
      TeeingRequest teeRequest,
      TeeingResponse teeResponse,
      long start,
      SignalType signal,
      Optional<String> userId,
      long time,
      Span server,
      boolean shadowing,
      boolean capturing) {
    boolean handedOver = false;
    try {
      RolloutDecision decision = exchange.getAttribute(FicusExchangeAttributes.DECISION);
      if (decision == null) {
        return;
      }
      ServerHttpResponse response = exchange.getResponse();
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      RecordedResponse primary = primaryResponse(response, teeResponse, signal, latency);
      evidence.recordDecision(decision);
      evidence.recordServed(decision.side(), primary);
      evidence.recordCall(decision.side(), primary);
      if (Boolean.TRUE.equals(
          exchange.getAttributes().remove(FicusExchangeAttributes.NEW_SIDE_ADMITTED))) {
        if (signal == SignalType.CANCEL) {
          evidence.guard().newSideAbandoned();
        } else {
          evidence.guard().newSideAnswered(primary);
        }
      }
      if (!shadowing && !capturing) {
        return;
      }
      Instant at = Instant.ofEpochMilli(time);
      ServerHttpRequest request = exchange.getRequest();
      String contentType = request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
      RecordedRequest recorded =
          new RecordedRequest(
              request.getMethod().name(),
              request.getURI().getRawPath(),
              request.getURI().getRawQuery(),
              capturing
                  ? CaptureRecorder.requestHeaders(request.getHeaders())
                  : contentType == null ? Map.of() : Map.of("content-type", List.of(contentType)),
              teeRequest.tee().body(contentType));
      String userHash = userId.map(ShadowSampler::userHash).orElse(null);
      String traceId =
          Optional.ofNullable(traceId(request))
              .or(() -> RequestTracing.traceId(exchange))
              .orElse(null);
      SkipReason skip = null;
      boolean dualWriting = false;
      Operation operation = shadowing ? operation(request, teeRequest, recorded) : null;
      if (shadowing) {
        // After a fallback the new side has just failed this request; calling it again would only
        // add load. In dual-write, a write goes to the new side by the dual writer.
        dualWriting = !operation.read() && DualWriter.writesBoth(evidence);
        skip =
            !operation.read() && !evidence.route().shadow().writes() && !dualWriting
                ? SkipReason.WRITE_NOT_SHADOWED
                : decision.reason() == RolloutDecision.Reason.FALLBACK
                    ? SkipReason.SHADOW_FAILED
                    : reasonNotToCompare(
                        primary, teeRequest, teeResponse, evidence.route().shadow().maxBodyBytes());
        if (skip != null) {
          evidence.recordSkipped(skip);
          evidence.operations().recordSkipped(operation.name(), skip);
        }
      }
      if (!shadowing || skip != null) {
        if (capturing) {
          capture.record(
              evidence.route(),
              new RecordedExchange(
                  recorded,
                  decision.side() == Side.LEGACY ? primary : null,
                  decision.side() == Side.NEW ? primary : null,
                  evidence.route().id(),
                  decision.side(),
                  userHash,
                  traceId,
                  at),
              skip == null ? null : "skipped:" + skip.label(),
              List.of());
        }
        return;
      }
      if (dualWriting) {
        dualWriter.afterLegacyWrite(
            evidence,
            new DualWriter.Write(
                recorded, request.getHeaders(), primary, userHash, traceId, at, server));
        handedOver = true;
        return;
      }
      dispatcher.dispatch(
          evidence,
          decision.side(),
          recorded,
          request.getHeaders(),
          primary,
          userHash,
          traceId,
          at,
          server,
          capturing,
          operation);
      handedOver = true;
    } catch (RuntimeException e) {
      try (RequestTracing.LogContext trace = RequestTracing.inLogs(server)) {
        log.warn(
            "Could not record or shadow a request of route {}: {}",
            evidence.route().id(),
            e.toString());
      }
    } finally {
      if (shadowing && !handedOver) {
        evidence.endShadow();
      }
    }
  }

  /**
   * What the request does: GET, HEAD and OPTIONS are reads; any other is a read when the route
   * declares it one, judged from the body the tee kept (the primary call was never held for it).
   */
  private Operation operation(
      ServerHttpRequest request, TeeingRequest teeRequest, RecordedRequest recorded) {
    String method = request.getMethod().name();
    if (ShadowDispatcher.isSafe(method)) {
      return Operation.unnamed(true);
    }
    return OperationClassifier.classify(
        evidence.route().shadow().reads(),
        method,
        request.getURI().getRawPath(),
        request.getHeaders()::getFirst,
        recorded.body().bytes(),
        teeRequest.tee().seen());
  }

  private static SkipReason reasonNotToCompare(
      RecordedResponse primary,
      TeeingRequest teeRequest,
      TeeingResponse teeResponse,
      long compareLimit) {
    if (primary.failed()) {
      return SkipReason.PRIMARY_FAILED;
    }
    if (teeRequest.tee().seen() > compareLimit || teeResponse.tee().seen() > compareLimit) {
      return SkipReason.BODY_TOO_LARGE;
    }
    String contentType = primary.header("content-type");
    if (contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
      return SkipReason.NOT_COMPARABLE;
    }
    return null;
  }

  private static RecordedResponse primaryResponse(
      ServerHttpResponse response, TeeingResponse tee, SignalType signal, Duration latency) {
    boolean answered =
        signal == SignalType.ON_COMPLETE
            || (signal == SignalType.CANCEL
                && (tee == null ? response.isCommitted() : tee.sentWhole()));
    if (!answered) {
      return RecordedResponse.failed(
          signal == SignalType.CANCEL ? "cancelled by the client" : "primary call failed", latency);
    }
    HttpStatusCode status = response.getStatusCode();
    if (tee == null) {
      // Neither shadowed nor captured: only the status counts (error rates, latency).
      return RecordedResponse.answered(
          status == null ? 200 : status.value(), Map.of(), null, latency);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    response
        .getHeaders()
        .forEach(
            (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
    String contentType = response.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
    return RecordedResponse.answered(
        status == null ? 200 : status.value(), headers, tee.tee().body(contentType), latency);
  }

  /** The trace id of a W3C {@code traceparent} header, when the request has one. */
  static String traceId(ServerHttpRequest request) {
    String traceparent = request.getHeaders().getFirst("traceparent");
    if (traceparent == null) {
      return null;
    }
    String[] parts = traceparent.split("-");
    return parts.length >= 2 && parts[1].matches("[0-9a-f]{32}") ? parts[1] : null;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "ShadowFilter[" + evidence.route().id() + "]";
  }
}
