package dev.ficus.gateway.config;

import dev.ficus.gateway.admin.AdminTokenFilter;
import dev.ficus.gateway.admin.OwnPathProblems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The admin API's guard. */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

  /** Before Spring's own error handler (order -1): unknown paths under /ficus/ as problems. */
  @Bean
  @Order(-2)
  OwnPathProblems ownPathProblems() {
    return new OwnPathProblems();
  }

  @Bean
  AdminTokenFilter adminTokenFilter(FicusProperties properties) {
    return new AdminTokenFilter(properties.admin().token());
  }
}
