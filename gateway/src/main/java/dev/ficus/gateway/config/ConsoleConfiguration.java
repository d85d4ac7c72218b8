package dev.ficus.gateway.config;

import dev.ficus.gateway.console.ConsoleRoutes;
import dev.ficus.gateway.console.ConsoleSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The cutover console: its page, and what it asks besides the admin API. */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

  @Bean
  RouterFunction<ServerResponse> consoleRoutes(FicusProperties properties) {
    return ConsoleRoutes.routes(!AdminConfiguration.tokens(properties).isEmpty());
  }

  @Bean
  ConsoleSettings consoleSettings(FicusProperties properties) {
    String template = properties.console().traceUrl();
    return new ConsoleSettings(template == null || template.isBlank() ? null : template);
  }
}
