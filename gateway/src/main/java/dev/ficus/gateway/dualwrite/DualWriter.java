package dev.ficus.gateway.dualwrite;

import dev.ficus.compare.ExchangeComparator;
import dev.ficus.compare.Side;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.flags.Stage;
import dev.ficus.gateway.fleet.RouteStage;
import dev.ficus.gateway.observe.EvidenceRegistry;
import dev.ficus.gateway.observe.RequestTracing;
import dev.ficus.gateway.observe.RouteEvidence;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.shadow.ShadowClient;
import dev.ficus.gateway.shadow.ShadowSampler;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;

/**
 * Stage {@code dual-write}: a write legacy answered goes to the new side too, once, in the
 * background, never retried; the two answers are compared with the entity ids correlated, and after
 * the route's {@code delay} the entity is read back from both sides ({@link ReadBacks}). Nothing
 * here reaches the user, whose answer is legacy's and already sent: a failure becomes a counted
 * outcome.
 *
 * <p>The request path calls {@link #afterLegacyWrite(RouteEvidence, Write)} holding a shadow slot
 * of the route; another source of writes (a mirror of production traffic) calls {@link
 * #afterLegacyWrite(String, RecordedRequest, HttpHeaders, RecordedResponse)}.
 */
public final class DualWriter implements AutoCloseable {

  /** Marks a write sent to the new side in stage {@code dual-write}. */
  public static final String MARKER = "dual-write";

  /** The idempotency key each write to the new side carries, so a new service can deduplicate. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final Logger log = LoggerFactory.getLogger(DualWriter.class);

  private final ShadowClient client;
  private final EvidenceRegistry registry;
  private final RequestTracing tracing;
  private final ReadBacks readBacks;
  private final Map<String, IdCorrelation> ids = new ConcurrentHashMap<>();
  private final Map<String, ExchangeComparator> comparators = new ConcurrentHashMap<>();
  private final AtomicInteger writing = new AtomicInteger();

  public DualWriter(
      ShadowClient client, EvidenceRegistry registry, URI legacyUri, RequestTracing tracing) {
    this.client = client;
    this.registry = registry;
    this.tracing = tracing;
    this.readBacks = new ReadBacks(client, legacyUri, tracing);
  }

  /**
   * A write legacy took, as the request path kept it.
   *
   * @param request the client's request, its body as far as it was kept
   * @param clientHeaders the client's request headers, forwarded to the new side
   * @param legacy legacy's answer, which the user got
   * @param userHash the user's stand-in in records, or null
   * @param traceId the request's trace id, or null
   * @param time when the request came
   * @param server the request's server span ({@link Span#getInvalid()} when not traced)
   */
  public record Write(
      RecordedRequest request,
      HttpHeaders clientHeaders,
      RecordedResponse legacy,
      String userHash,
      String traceId,
      Instant time,
      Span server) {}

  /** Whether the method writes: POST, PUT, PATCH, DELETE. */
  public static boolean isWrite(String method) {
    return "POST".equals(method)
        || "PUT".equals(method)
        || "PATCH".equals(method)
        || "DELETE".equals(method);
  }

  /** Whether the route's writes go to both sides now: stage {@code dual-write}, not rolled back. */
  public static boolean writesBoth(RouteEvidence evidence) {
    MigrationRoute route = evidence.route();
    RouteStage stage = evidence.control().current();
    return route.dualWrite() != null
        && route.newUri() != null
        && stage.rollback() == null
        && stage.stage() == Stage.DUAL_WRITE;
  }

  /**
   * The entry point for writes legacy took elsewhere than on the request path (a mirror of
   * production traffic): sends the write to the new side when the route is in {@code dual-write},
   * bounded as the request path's are and drawn at the route's {@code shadow.sample-rate} (at
   * random: such a write carries no user id here).
   *
   * @return whether the write was sent; false when the route is not in {@code dual-write}, the
   *     method is no write, the draw left it out, or the route has as many shadow calls in flight
   *     as it may (then counted as dropped)
   */
  public boolean afterLegacyWrite(
      String routeId, RecordedRequest request, HttpHeaders headers, RecordedResponse legacy) {
    Optional<RouteEvidence> found = registry.route(routeId);
    if (found.isEmpty()
        || !writesBoth(found.get())
        || !isWrite(request.method())
        || !ShadowSampler.sampled(
            routeId, Optional.empty(), found.get().route().shadow().sampleRate())
        || !found.get().tryStartShadow()) {
      return false;
    }
    afterLegacyWrite(
        found.get(),
        new Write(request, headers, legacy, null, null, Instant.now(), Span.getInvalid()));
    return true;
  }

  /**
   * Sends the write to the new side; the caller holds a shadow slot of the route, released here.
   */
  public void afterLegacyWrite(RouteEvidence evidence, Write write) {
    writing.incrementAndGet();
    boolean sent = false;
    try {
      MigrationRoute route = evidence.route();
      RecordedRequest request = write.request();
      IdCorrelation correlation = ids.computeIfAbsent(route.id(), id -> new IdCorrelation());
      String newPath = correlation.newSidePath(request.pathAndQuery());
      HttpHeaders headers = new HttpHeaders();
      headers.putAll(write.clientHeaders());
      headers.remove("traceparent");
      headers.remove("tracestate");
      if (!tracing.trustsIncoming()) {
        headers.remove("baggage");
      }
      headers.set(IDEMPOTENCY_KEY, idempotencyKey(write.clientHeaders()));
      Span span =
          write.server().getSpanContext().isValid()
              ? tracing.startCall(
                  write.server(),
                  MARKER,
                  route.id(),
                  Side.NEW.label(),
                  request.method(),
                  route.newUri().resolve(newPath),
                  headers)
              : Span.getInvalid();
      client
          .call(
              route.newUri(),
              request.method(),
              newPath,
              headers,
              request.body().bytes(),
              route.connectTimeout(),
              route.responseTimeout(),
              route.shadow().maxBodyBytes(),
              MARKER)
          .subscribe(
              answer -> {
                if (span.isRecording()) {
                  span.setAttribute(
                      "http.status_code",
                      answer.failed() ? "failed" : Integer.toString(answer.status()));
                }
                span.end();
                finishWrite(evidence, write, newPath, answer, span, correlation);
              },
              error -> {
                span.end();
                finishWrite(
                    evidence,
                    write,
                    newPath,
                    RecordedResponse.failed("call failed: " + error, null),
                    span,
                    correlation);
              });
      sent = true;
    } catch (RuntimeException e) {
      log.warn(
          "Dual write of route {} failed before it was sent (trace {}): {}",
          evidence.route().id(),
          write.traceId(),
          e.toString());
      evidence.dualWrite().record(DualWriteOutcome.WRITE_FAILED);
    } finally {
      if (!sent) {
        evidence.endShadow();
        writing.decrementAndGet();
      }
    }
  }

  private void finishWrite(
      RouteEvidence evidence,
      Write write,
      String newPath,
      RecordedResponse fresh,
      Span writeSpan,
      IdCorrelation correlation) {
    try {
      evidence.endShadow();
      judgeWrite(evidence, write, newPath, fresh, writeSpan, correlation);
    } catch (RuntimeException e) {
      log.warn(
          "Dual write of route {} could not be judged (trace {}): {}",
          evidence.route().id(),
          write.traceId(),
          e.toString());
      evidence.dualWrite().record(DualWriteOutcome.ABANDONED);
    } finally {
      writing.decrementAndGet();
    }
  }

  private void judgeWrite(
      RouteEvidence evidence,
      Write write,
      String newPath,
      RecordedResponse fresh,
      Span writeSpan,
      IdCorrelation correlation) {
    MigrationRoute route = evidence.route();
    DualWriteSettings settings = route.dualWrite();
    RecordedRequest request = write.request();
    RecordedResponse legacy = write.legacy();
    evidence.recordCall(Side.NEW, fresh);
    String method = request.method();
    Optional<String> legacyId = EntityIds.of(settings.idPath(), method, request.path(), legacy);
    Optional<String> newId = EntityIds.of(settings.idPath(), method, pathOnly(newPath), fresh);
    RecordedExchange answers =
        new RecordedExchange(
            request,
            legacy,
            IdCorrelation.asLegacy(fresh, newId.orElse(null), legacyId.orElse(null)),
            route.id(),
            Side.LEGACY,
            write.userHash(),
            write.traceId(),
            write.time());
    Outcome outcome = comparator(evidence).compare(answers);
    evidence.recordOutcome(answers, outcome);
    if (legacy.failed() || legacy.status() >= 400) {
      // Legacy took nothing: there is no entity to read back; the answers were compared.
      return;
    }
    if (fresh.failed() || fresh.status() >= 400) {
      evidence.dualWrite().record(DualWriteOutcome.WRITE_FAILED);
      log.debug(
          "Dual write of route {} {} {} failed on the new side (trace {}): {}",
          route.id(),
          method,
          request.pathAndQuery(),
          write.traceId(),
          fresh.failed() ? fresh.error() : "status " + fresh.status());
      return;
    }
    if (legacyId.isPresent() && newId.isPresent()) {
      correlation.remember(legacyId.get(), newId.get());
    }
    readBacks.schedule(
        new ReadBack(
            evidence,
            comparator(evidence),
            correlation,
            write,
            legacyId.orElse(null),
            newId.orElse(null),
            writeSpan));
  }

  private ExchangeComparator comparator(RouteEvidence evidence) {
    return comparators.computeIfAbsent(
        evidence.route().id(),
        id -> new ExchangeComparator(evidence.route().dualWrite().rules(), evidence.noise()));
  }

  /** The client's idempotency key, else its request id, else a fresh one for this write. */
  private static String idempotencyKey(HttpHeaders clientHeaders) {
    String key = clientHeaders.getFirst(IDEMPOTENCY_KEY);
    if (key == null || key.isBlank()) {
      key = clientHeaders.getFirst("X-Request-Id");
    }
    return key == null || key.isBlank() ? UUID.randomUUID().toString() : key;
  }

  private static String pathOnly(String pathAndQuery) {
    int query = pathAndQuery.indexOf('?');
    return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
  }

  /**
   * Lets writes in flight reach the new side (for up to five seconds), then counts every read-back
   * still pending as {@code abandoned}: a stopped gateway loses no counted write.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (writing.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int abandoned = readBacks.close();
    if (abandoned > 0 || writing.get() > 0) {
      log.info(
          "{} dual-write read-backs were pending at shutdown and are counted as abandoned"
              + " ({} writes still in flight)",
          abandoned,
          writing.get());
    }
  }

  @Override
  public String toString() {
    return "DualWriter[" + readBacks + "]";
  }
}
