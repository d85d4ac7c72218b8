package dev.ficus.gateway.route;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;

import dev.ficus.compare.Side;
import dev.ficus.flags.Stage;
import dev.ficus.gateway.fleet.RouteControl;
import dev.ficus.gateway.fleet.RouteStage;
import dev.ficus.gateway.observe.RequestTracing;
import dev.ficus.gateway.shadow.ShadowSampler;
import dev.ficus.gateway.support.FicusExchangeAttributes;
import java.net.URI;
import java.util.Optional;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * The route decision of one migrated route: reads the user id, lets the {@link RolloutDecider}
 * choose the side, and points the upstream call at that side. Runs right after {@link
 * RouteToRequestUrlFilter}, which would otherwise overwrite the upstream URL.
 */
public final class RolloutFilter implements GatewayFilter, Ordered {

  /** Right after {@code RouteToRequestUrlFilter}. */
  public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;

  private final MigrationRoute route;
  private final RouteControl control;
  private final IdentityReader identity;
  private final RolloutDecider decider;
  private final boolean preserveHost;
  private final boolean debugHeaders;
  private final NewSideGate gate;

  private static final RouteStage CATCH_ALL = RouteStage.configured(Stage.LEGACY);

  /** With {@code ficus.debug-headers}: the side whose answer the client got. */
  public static final String SERVED_BY_HEADER = "X-Ficus-Served-By";

  /** What may still keep a user the flag sends to new on legacy: a rollback or an open breaker. */
  public interface NewSideGate {
    /**
     * The reason to hold the user back on legacy, or null to let the request go to the new side.
     */
    RolloutDecision.Reason holdBack();
  }

  /**
   * @param control the route's stage in force; null for the legacy catch-all, which has none
   */
  public RolloutFilter(
      MigrationRoute route,
      RouteControl control,
      IdentityReader identity,
      RolloutDecider decider,
      boolean preserveHost,
      boolean debugHeaders,
      NewSideGate gate) {
    this.route = route;
    this.control = control;
    this.identity = identity;
    this.decider = decider;
    this.preserveHost = preserveHost;
    this.debugHeaders = debugHeaders;
    this.gate = gate;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Optional<String> userId = identity.userId(exchange);
    RouteStage stage = control == null ? CATCH_ALL : control.current();
    RolloutDecision decision = decider.decide(route, stage, userId, identity.context(exchange));
    if (decision.side() == Side.NEW && gate != null) {
      RolloutDecision.Reason heldBack = gate.holdBack();
      if (heldBack == null) {
        exchange.getAttributes().put(FicusExchangeAttributes.NEW_SIDE_ADMITTED, true);
      } else {
        decision = new RolloutDecision(Side.LEGACY, heldBack);
      }
    }
    RequestTracing.annotate(exchange, "ficus.route", route.id());
    RequestTracing.annotate(exchange, "ficus.stage", stage.stage().configName());
    RequestTracing.annotate(exchange, "ficus.flag", route.flag());
    RequestTracing.annotate(exchange, "ficus.side", decision.side().label());
    RequestTracing.annotate(exchange, "ficus.reason", decision.reason().label());
    if (userId.isPresent() && RequestTracing.recording(exchange)) {
      RequestTracing.annotate(exchange, "ficus.user", ShadowSampler.userHash(userId.get()));
    }
    exchange.getAttributes().put(FicusExchangeAttributes.ROUTE, route);
    exchange.getAttributes().put(FicusExchangeAttributes.DECISION, decision);
    if (preserveHost) {
      exchange.getAttributes().put(PRESERVE_HOST_HEADER_ATTRIBUTE, true);
    }
    if (debugHeaders) {
      // Read when the answer is sent: a fallback may have changed the serving side since.
      exchange
          .getResponse()
          .beforeCommit(
              () -> {
                RolloutDecision served = exchange.getAttribute(FicusExchangeAttributes.DECISION);
                if (served != null) {
                  exchange.getResponse().getHeaders().set(SERVED_BY_HEADER, served.side().label());
                }
                return Mono.empty();
              });
    }
    if (decision.side() == Side.NEW) {
      // RouteToRequestUrlFilter has put the request on the route's URI, which is legacy's.
      URI requestUrl = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
      exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, onBase(requestUrl, route.newUri()));
    }
    return chain.filter(exchange);
  }

  /**
   * The request URL with the scheme, host and port of {@code base}; path and query stay as encoded.
   */
  public static URI onBase(URI requestUrl, URI base) {
    String scheme = requestUrl.getScheme();
    // WebsocketRoutingFilter has turned http into ws for an upgrade request; keep that, with TLS as
    // the base says.
    if ("ws".equals(scheme) || "wss".equals(scheme)) {
      scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
    } else {
      scheme = base.getScheme();
    }
    return UriComponentsBuilder.fromUri(requestUrl)
        .scheme(scheme)
        .host(base.getHost())
        .port(base.getPort())
        .build(true)
        .toUri();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "RolloutFilter["
        + route.id()
        + " "
        + (control == null ? "legacy" : control.current())
        + "]";
  }
}
