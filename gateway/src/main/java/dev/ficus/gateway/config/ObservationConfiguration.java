package dev.ficus.gateway.config;

import dev.ficus.gateway.observe.TraceOnlyObservations;
import dev.ficus.gateway.observe.UpstreamObservationConvention;
import org.springframework.cloud.gateway.filter.headers.observation.GatewayObservationConvention;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** What Ficus adds to Spring's observations: the real upstream, and spans without timers. */
@Configuration(proxyBeanMethods = false)
class ObservationConfiguration {

  @Bean
  GatewayObservationConvention upstreamObservationConvention() {
    return new UpstreamObservationConvention();
  }

  /** First among the meter handlers, so that it, not Spring Boot's, takes Ficus's observations. */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  TraceOnlyObservations traceOnlyObservations() {
    return new TraceOnlyObservations();
  }
}
