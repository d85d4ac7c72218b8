package dev.ficus.gateway.mirror;

import dev.ficus.compare.Side;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.operation.Operation;
import dev.ficus.compare.operation.OperationClassifier;
import dev.ficus.compare.outcome.SkipReason;
import dev.ficus.gateway.observe.EvidenceRegistry;
import dev.ficus.gateway.observe.RouteEvidence;
import dev.ficus.gateway.route.IdentityReader;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.RouteTable;
import dev.ficus.gateway.shadow.ShadowClient;
import dev.ficus.gateway.shadow.ShadowDispatcher;
import dev.ficus.gateway.shadow.ShadowSampler;
import io.opentelemetry.api.trace.Span;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * {@code ficus.mirror.port}: a listener for copies of requests that a mesh or proxy mirrors to
 * Ficus, fire and forget. A copy is matched to its route as on the main port and, where the route's
 * stage compares, handled as a shadowed request: Ficus calls legacy (or its read replica, {@code
 * ficus.mirror.legacy-uri}) and the new side, compares, and records the outcome, trace and capture
 * exactly as for a shadowed request. The copy's own answer is {@code 202} at once, or {@code 503}
 * when the route is past its shadow bounds (counted as {@code saturated}); a mirrored write is
 * never sent on ({@code mirrored_write}).
 */
public final class MirrorListener implements WebFilter, Ordered, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(MirrorListener.class);

  private final int port;
  private final String address;
  private final java.util.function.Supplier<HttpHandler> handler;
  private final RouteTable table;
  private final EvidenceRegistry evidence;
  private final IdentityReader identity;
  private final ShadowClient client;
  private final ShadowDispatcher dispatcher;
  private final URI legacyUri;
  private volatile DisposableServer server;

  /**
   * @param legacyUri where the comparison calls legacy: a read replica, or legacy itself
   */
  public MirrorListener(
      int port,
      String address,
      java.util.function.Supplier<HttpHandler> handler,
      RouteTable table,
      EvidenceRegistry evidence,
      IdentityReader identity,
      ShadowClient client,
      ShadowDispatcher dispatcher,
      URI legacyUri) {
    this.port = port;
    this.address = address;
    this.handler = handler;
    this.table = table;
    this.evidence = evidence;
    this.identity = identity;
    this.client = client;
    this.dispatcher = dispatcher;
    this.legacyUri = legacyUri;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    InetSocketAddress local = exchange.getRequest().getLocalAddress();
    if (local == null || local.getPort() != port) {
      return chain.filter(exchange);
    }
    ServerHttpRequest request = exchange.getRequest();
    Optional<MigrationRoute> claimed =
        table.routes().stream()
            .filter(
                route ->
                    route.claims(request.getMethod(), request.getPath().pathWithinApplication()))
            .findFirst();
    if (claimed.isEmpty() || claimed.get().newUri() == null) {
      return answer(exchange, HttpStatus.ACCEPTED);
    }
    MigrationRoute route = claimed.get();
    RouteEvidence routeEvidence = evidence.route(route.id()).orElse(null);
    if (routeEvidence == null) {
      return answer(exchange, HttpStatus.ACCEPTED);
    }
    String method = request.getMethod().name();
    if (!route.shadow().comparesAt(routeEvidence.control().current())) {
      routeEvidence.recordSkipped(SkipReason.NOT_COMPARED_AT_STAGE);
      return answer(exchange, HttpStatus.ACCEPTED);
    }
    Optional<String> userId = identity.userId(exchange);
    if (!ShadowSampler.sampled(route.id(), userId, route.shadow().sampleRate())) {
      routeEvidence.recordSkipped(SkipReason.SAMPLED_OUT);
      return answer(exchange, HttpStatus.ACCEPTED);
    }
    long limit = route.shadow().maxBodyBytes();
    return DataBufferUtils.join(request.getBody(), (int) Math.min(limit, Integer.MAX_VALUE - 8))
        .map(
            buffer -> {
              try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                return bytes;
              } finally {
                DataBufferUtils.release(buffer);
              }
            })
        .defaultIfEmpty(new byte[0])
        .flatMap(
            body -> {
              Operation operation =
                  OperationClassifier.classify(
                      route.shadow().reads(),
                      method,
                      request.getURI().getRawPath(),
                      request.getHeaders()::getFirst,
                      body,
                      body.length);
              if (!operation.read()) {
                routeEvidence.recordSkipped(SkipReason.MIRRORED_WRITE);
                routeEvidence
                    .operations()
                    .recordSkipped(operation.name(), SkipReason.MIRRORED_WRITE);
                return answer(exchange, HttpStatus.ACCEPTED);
              }
              if (!routeEvidence.tryStartShadow()) {
                return answer(exchange, HttpStatus.SERVICE_UNAVAILABLE);
              }
              compareLater(route, routeEvidence, request, body, userId, operation);
              return answer(exchange, HttpStatus.ACCEPTED);
            })
        .onErrorResume(
            DataBufferLimitException.class,
            e -> {
              routeEvidence.recordSkipped(SkipReason.BODY_TOO_LARGE);
              return answer(exchange, HttpStatus.ACCEPTED);
            });
  }

  /** Calls legacy, then hands both answers on as the shadow of a request legacy served. */
  private void compareLater(
      MigrationRoute route,
      RouteEvidence routeEvidence,
      ServerHttpRequest request,
      byte[] body,
      Optional<String> userId,
      Operation operation) {
    HttpHeaders headers = new HttpHeaders();
    headers.putAll(request.getHeaders());
    String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
    RecordedRequest recorded =
        new RecordedRequest(
            request.getMethod().name(),
            request.getURI().getRawPath(),
            request.getURI().getRawQuery(),
            contentType == null ? Map.of() : Map.of("content-type", List.of(contentType)),
            Body.of(body, contentType));
    String pathAndQuery =
        request.getURI().getRawPath()
            + (request.getURI().getRawQuery() == null ? "" : "?" + request.getURI().getRawQuery());
    Instant time = Instant.now();
    client
        .call(
            legacyUri,
            request.getMethod().name(),
            pathAndQuery,
            headers,
            body,
            route.connectTimeout(),
            route.responseTimeout(),
            route.shadow().maxBodyBytes())
        .subscribeOn(Schedulers.parallel())
        .subscribe(
            legacy -> {
              try {
                routeEvidence.recordCall(Side.LEGACY, legacy);
                dispatcher.dispatch(
                    routeEvidence,
                    Side.LEGACY,
                    recorded,
                    headers,
                    legacy,
                    userId.map(ShadowSampler::userHash).orElse(null),
                    null,
                    time,
                    Span.getInvalid(),
                    false,
                    operation);
              } catch (RuntimeException e) {
                routeEvidence.endShadow();
                log.warn(
                    "A mirrored request of route {} could not be compared: {}",
                    route.id(),
                    e.toString());
              }
            },
            error -> routeEvidence.endShadow());
  }

  private static Mono<Void> answer(ServerWebExchange exchange, HttpStatus status) {
    exchange.getResponse().setStatusCode(status);
    exchange.getResponse().getHeaders().setContentLength(0);
    return exchange.getResponse().setComplete();
  }

  @Override
  public int getOrder() {
    // First of all: a mirrored copy is never proxied, nor sent to the admin API.
    return Ordered.HIGHEST_PRECEDENCE - 2;
  }

  @Override
  public void start() {
    server =
        HttpServer.create()
            .host(address)
            .port(port)
            .idleTimeout(Duration.ofSeconds(60))
            .handle(new ReactorHttpHandlerAdapter(handler.get()))
            .bindNow();
    log.info(
        "Mirror port {} (ficus.mirror.port): mirrored requests are compared, legacy called at {}",
        port,
        legacyUri);
  }

  @Override
  public void stop() {
    DisposableServer running = server;
    if (running != null) {
      running.disposeNow(Duration.ofSeconds(10));
      server = null;
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  @Override
  public String toString() {
    return "MirrorListener[" + port + "]";
  }
}
