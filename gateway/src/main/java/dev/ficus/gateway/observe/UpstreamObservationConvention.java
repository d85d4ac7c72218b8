package dev.ficus.gateway.observe;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import dev.ficus.gateway.route.RolloutDecision;
import dev.ficus.gateway.support.FicusExchangeAttributes;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.net.URI;
import org.springframework.cloud.gateway.filter.headers.observation.DefaultGatewayObservationConvention;
import org.springframework.cloud.gateway.filter.headers.observation.GatewayContext;

/**
 * The primary call's span and its {@code http.client.requests} timer name the upstream actually
 * called: Spring Cloud Gateway's own convention names the route's static URI (always legacy, as a
 * Ficus route decides the side per request) and the gateway's own request URL.
 */
public final class UpstreamObservationConvention extends DefaultGatewayObservationConvention {

  /** Spring Cloud Gateway's keys, which its convention fills with the static route URI. */
  private static final String ROUTE_URI = "spring.cloud.gateway.route.uri";

  private static final String URI_KEY = "http.uri";

  @Override
  public KeyValues getLowCardinalityKeyValues(GatewayContext context) {
    KeyValues values = super.getLowCardinalityKeyValues(context);
    URI called = called(context);
    return called == null ? values : values.and(KeyValue.of(ROUTE_URI, base(called)));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(GatewayContext context) {
    URI called = called(context);
    if (called == null) {
      return super.getHighCardinalityKeyValues(context);
    }
    KeyValues values = KeyValues.of(KeyValue.of(URI_KEY, called.toString()));
    RolloutDecision decision =
        context.getServerWebExchange().getAttribute(FicusExchangeAttributes.DECISION);
    return decision == null
        ? values
        : values.and(KeyValue.of("ficus.side", decision.side().label()));
  }

  private static URI called(GatewayContext context) {
    return context.getServerWebExchange() == null
        ? null
        : context.getServerWebExchange().getAttribute(GATEWAY_REQUEST_URL_ATTR);
  }

  private static String base(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  @Override
  public String toString() {
    return "UpstreamObservationConvention";
  }
}
