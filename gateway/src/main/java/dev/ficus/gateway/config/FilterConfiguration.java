package dev.ficus.gateway.config;

import dev.ficus.gateway.resilience.UpstreamProblemFilter;
import dev.ficus.gateway.route.UpstreamRoutingFilter;
import dev.ficus.gateway.route.WholeAnswerFilter;
import dev.ficus.gateway.support.FicusHeaders;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;

/** The global filters of a request's walk. */
@Configuration(proxyBeanMethods = false)
class FilterConfiguration {

  /**
   * In place of Spring Cloud Gateway's routing filter (turned off in application.yml), the same
   * with each route's timeouts set once.
   */
  @Bean
  UpstreamRoutingFilter upstreamRoutingFilter(
      HttpClient httpClient,
      ObjectProvider<List<HttpHeadersFilter>> headersFilters,
      HttpClientProperties properties) {
    return new UpstreamRoutingFilter(httpClient, headersFilters, properties);
  }

  /** Writes the upstream's answer to the client; the gateway declares it only beside its own. */
  @Bean
  NettyWriteResponseFilter nettyWriteResponseFilter(
      GatewayProperties properties, ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
    return new NettyWriteResponseFilter(properties.getStreamingMediaTypes(), headersFilters);
  }

  /** A small answer goes to the client in one write, headers and body together. */
  @Bean
  WholeAnswerFilter wholeAnswerFilter() {
    return new WholeAnswerFilter();
  }

  /** A client's X-Ficus-* headers (and untrusted trace context) never reach a service. */
  @Bean
  FicusHeaders ficusHeaders(FicusProperties properties) {
    return new FicusHeaders(properties.tracing().trustIncoming());
  }

  @Bean
  UpstreamProblemFilter upstreamProblemFilter() {
    return new UpstreamProblemFilter();
  }
}
