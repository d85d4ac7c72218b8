package dev.ficus.gateway.config;

import dev.ficus.gateway.resilience.UpstreamProblemFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The global filters of a request's walk. */
@Configuration(proxyBeanMethods = false)
class FilterConfiguration {

  @Bean
  UpstreamProblemFilter upstreamProblemFilter() {
    return new UpstreamProblemFilter();
  }
}
