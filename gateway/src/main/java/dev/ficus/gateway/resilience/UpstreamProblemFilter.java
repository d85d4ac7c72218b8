package dev.ficus.gateway.resilience;

import dev.ficus.gateway.observe.RequestTracing;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.RolloutDecision;
import dev.ficus.gateway.support.FicusExchangeAttributes;
import dev.ficus.gateway.support.ProblemResponses;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * When the serving upstream cannot be reached or does not answer in time, answers the client with
 * an RFC 9457 problem (502 or 504) naming the route and the side, never a stack trace.
 */
public final class UpstreamProblemFilter implements GlobalFilter, Ordered {

  /** First of all filters, so it sees every failure of the upstream call. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  /** The problem type of an upstream that refused or dropped the connection. */
  public static final String UNAVAILABLE = "urn:ficus:problem:upstream-unavailable";

  /** The problem type of an upstream that did not answer in time. */
  public static final String TIMEOUT = "urn:ficus:problem:upstream-timeout";

  private static final Logger log = LoggerFactory.getLogger(UpstreamProblemFilter.class);

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    return chain.filter(exchange).onErrorResume(error -> answerWithProblem(exchange, error));
  }

  private Mono<Void> answerWithProblem(ServerWebExchange exchange, Throwable error) {
    ServerHttpResponse response = exchange.getResponse();
    MigrationRoute route = exchange.getAttribute(FicusExchangeAttributes.ROUTE);
    RolloutDecision decision = exchange.getAttribute(FicusExchangeAttributes.DECISION);
    if (route == null || decision == null || response.isCommitted()) {
      return Mono.error(error);
    }
    boolean timedOut = isTimeout(error);
    HttpStatus status = timedOut ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
    String side = decision.side().label();
    String routeName =
        MigrationRoute.CATCH_ALL_ID.equals(route.id()) ? "(no route: catch-all)" : route.id();
    String detail =
        timedOut
            ? "The " + side + " side of route " + routeName + " did not answer in time"
            : "The " + side + " side of route " + routeName + " could not be reached";
    try (RequestTracing.LogContext trace = RequestTracing.inLogs(exchange)) {
      log.warn(
          "{} {}: {} ({})",
          exchange.getRequest().getMethod(),
          exchange.getRequest().getPath(),
          detail,
          rootMessage(error));
    }
    response.getHeaders().clear();
    return ProblemResponses.write(
        exchange,
        status,
        timedOut ? TIMEOUT : UNAVAILABLE,
        timedOut ? "Upstream timeout" : "Upstream unavailable",
        detail,
        Map.of("route", route.id(), "side", side));
  }

  private static boolean isTimeout(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof ConnectTimeoutException
          || t instanceof io.netty.handler.timeout.TimeoutException) {
        return true;
      }
      if (t instanceof ResponseStatusException rse && rse.getStatusCode().value() == 504) {
        return true;
      }
      if (t instanceof ConnectException) {
        return false;
      }
    }
    return false;
  }

  /** A failure of an upstream call in a few words, without addresses. */
  static String describe(Throwable error) {
    return isTimeout(error) ? "did not answer in time" : "failed (" + rootMessage(error) + ")";
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "UpstreamProblemFilter";
  }
}
