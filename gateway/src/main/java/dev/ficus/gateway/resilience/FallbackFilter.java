package dev.ficus.gateway.resilience;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import dev.ficus.compare.Side;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.gateway.observe.RouteEvidence;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.RolloutDecision;
import dev.ficus.gateway.route.RolloutFilter;
import dev.ficus.gateway.support.FicusExchangeAttributes;
import dev.ficus.gateway.support.ProblemResponses;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * When the new side fails a request (refused, reset, timed out, or answered 5xx), serves it from
 * legacy instead, transparently, if its method is safe to send again; otherwise the client gets a
 * problem naming the route and the failure, and the request is never sent twice. Runs right after
 * the route decision, so its retry re-runs only the upstream call, before anything is written to
 * the client.
 */
public final class FallbackFilter implements GatewayFilter, Ordered {

  /** Right after {@link RolloutFilter}. */
  public static final int ORDER = RolloutFilter.ORDER + 1;

  /** The problem type of a write the new side failed, which is not sent again. */
  public static final String NOT_RESENT = "urn:ficus:problem:new-side-failed";

  private static final Logger log = LoggerFactory.getLogger(FallbackFilter.class);

  private final MigrationRoute route;
  private final RouteEvidence evidence;
  private final RouteGuard guard;
  private final URI legacyUri;

  public FallbackFilter(
      MigrationRoute route, RouteEvidence evidence, RouteGuard guard, URI legacyUri) {
    this.route = route;
    this.evidence = evidence;
    this.guard = guard;
    this.legacyUri = legacyUri;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    RolloutDecision decision = exchange.getAttribute(FicusExchangeAttributes.DECISION);
    if (decision == null || decision.side() != Side.NEW) {
      return chain.filter(exchange);
    }
    long start = System.nanoTime();
    boolean mayFallBack =
        route.resilience().fallbackEnabled()
            && route.resilience().fallbackMethods().contains(exchange.getRequest().getMethod());
    return chain
        .filter(exchange)
        .then(
            Mono.defer(
                () -> {
                  HttpStatusCode status = exchange.getResponse().getStatusCode();
                  if (status == null || !status.is5xxServerError()) {
                    return Mono.empty();
                  }
                  RecordedResponse failed =
                      RecordedResponse.answered(status.value(), Map.of(), null, elapsed(start));
                  return mayFallBack
                      ? fallBack(exchange, chain, failed, "answered " + status.value())
                      : refuse(exchange, failed, "answered " + status.value());
                }))
        .onErrorResume(
            error -> mayFallBack && !exchange.getResponse().isCommitted(),
            error ->
                fallBack(
                    exchange,
                    chain,
                    RecordedResponse.failed(UpstreamProblemFilter.describe(error), elapsed(start)),
                    UpstreamProblemFilter.describe(error)));
  }

  private Mono<Void> fallBack(
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      RecordedResponse failed,
      String failure) {
    discardNewSideAnswer(exchange);
    recordFailure(exchange, failed);
    guard.countFallback();
    log.debug(
        "Route {}: the new side {} for {} {}; served by legacy",
        route.id(),
        failure,
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath());
    exchange
        .getAttributes()
        .put(
            FicusExchangeAttributes.DECISION,
            new RolloutDecision(Side.LEGACY, RolloutDecision.Reason.FALLBACK));
    URI requestUrl = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
    exchange
        .getAttributes()
        .put(GATEWAY_REQUEST_URL_ATTR, RolloutFilter.onBase(requestUrl, legacyUri));
    return chain.filter(exchange);
  }

  private Mono<Void> refuse(ServerWebExchange exchange, RecordedResponse failed, String failure) {
    discardNewSideAnswer(exchange);
    recordFailure(exchange, failed);
    String method = exchange.getRequest().getMethod().name();
    exchange.getResponse().getHeaders().clear();
    return ProblemResponses.write(
        exchange,
        HttpStatus.BAD_GATEWAY,
        NOT_RESENT,
        "New side failed",
        "The new side of route "
            + route.id()
            + " "
            + failure
            + "; "
            + method
            + " is not sent again to legacy because it may not be safe to repeat",
        Map.of("route", route.id(), "side", Side.NEW.label()));
  }

  /**
   * The breaker and the statistics learn of the failure here, as the decision no longer says new.
   */
  private void recordFailure(ServerWebExchange exchange, RecordedResponse failed) {
    if (Boolean.TRUE.equals(
        exchange.getAttributes().remove(FicusExchangeAttributes.NEW_SIDE_ADMITTED))) {
      guard.newSideAnswered(failed);
    }
    evidence.recordCall(Side.NEW, failed);
  }

  private static void discardNewSideAnswer(ServerWebExchange exchange) {
    Connection connection = exchange.getAttribute(CLIENT_RESPONSE_CONN_ATTR);
    if (connection != null) {
      connection.dispose();
    }
    exchange.getAttributes().remove(CLIENT_RESPONSE_CONN_ATTR);
    exchange.getAttributes().remove(CLIENT_RESPONSE_ATTR);
    ServerWebExchangeUtils.reset(exchange);
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "FallbackFilter[" + route.id() + " " + route.resilience().fallbackMethods() + "]";
  }
}
