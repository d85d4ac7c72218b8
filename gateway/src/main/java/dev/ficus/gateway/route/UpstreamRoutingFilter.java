package dev.ficus.gateway.route;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.client.HttpClient;

/**
 * The primary call: Spring Cloud Gateway's own routing filter, with each route's timeouts set once
 * on an HTTP client of its own (sharing the connection pool) instead of on every request. The
 * response timeout is Reactor Netty's: how long the upstream may take to begin its answer, and then
 * between two reads of it, checked on the connection's own event loop, with no timer task per
 * request.
 */
public final class UpstreamRoutingFilter extends NettyRoutingFilter {

  /** Route metadata: the connect timeout, a {@link Duration}. */
  public static final String CONNECT_TIMEOUT = "ficus.connect-timeout";

  /** Route metadata: the response timeout, a {@link Duration}. */
  public static final String RESPONSE_TIMEOUT = "ficus.response-timeout";

  private final HttpClient httpClient;
  private final Map<String, HttpClient> byRoute = new ConcurrentHashMap<>();

  public UpstreamRoutingFilter(
      HttpClient httpClient,
      ObjectProvider<List<HttpHeadersFilter>> headersFilters,
      HttpClientProperties properties) {
    super(httpClient, headersFilters, properties);
    this.httpClient = httpClient;
  }

  @Override
  protected HttpClient getHttpClient(Route route, ServerWebExchange exchange) {
    HttpClient client = byRoute.get(route.getId());
    if (client == null) {
      client = byRoute.computeIfAbsent(route.getId(), id -> configured(route));
    }
    return client;
  }

  private HttpClient configured(Route route) {
    HttpClient client = httpClient;
    if (route.getMetadata().get(CONNECT_TIMEOUT) instanceof Duration connect) {
      client = client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connect.toMillis());
    }
    if (route.getMetadata().get(RESPONSE_TIMEOUT) instanceof Duration response) {
      client = client.responseTimeout(response);
    }
    return client;
  }

  @Override
  public String toString() {
    return "UpstreamRoutingFilter[" + byRoute.keySet() + "]";
  }
}
