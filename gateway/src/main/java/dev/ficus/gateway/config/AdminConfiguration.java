package dev.ficus.gateway.config;

import dev.ficus.gateway.admin.AdminTokenFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The admin API's guard. */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

  @Bean
  AdminTokenFilter adminTokenFilter(FicusProperties properties) {
    return new AdminTokenFilter(properties.admin().token());
  }
}
