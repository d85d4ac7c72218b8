package dev.ficus.gateway.config;

import dev.ficus.gateway.mirror.MirrorListener;
import dev.ficus.gateway.observe.EvidenceRegistry;
import dev.ficus.gateway.route.IdentityReader;
import dev.ficus.gateway.route.RouteTable;
import dev.ficus.gateway.shadow.ShadowClient;
import dev.ficus.gateway.shadow.ShadowDispatcher;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.HttpHandler;

/** {@code ficus.mirror.port}: the listener for mirrored copies of requests, when it is set. */
@Configuration(proxyBeanMethods = false)
class MirrorConfiguration {

  @Bean
  @ConditionalOnProperty("ficus.mirror.port")
  MirrorListener mirrorListener(
      FicusProperties properties,
      Environment environment,
      ObjectProvider<HttpHandler> handler,
      RouteTable table,
      EvidenceRegistry evidence,
      IdentityReader identity,
      ShadowClient client,
      ShadowDispatcher dispatcher) {
    int port = properties.mirror().port();
    int publicPort = environment.getProperty("server.port", Integer.class, 8080);
    if (port < 1
        || port > 65535
        || port == publicPort && publicPort != 0
        || Objects.equals(port, properties.admin().port())) {
      throw new InvalidConfigurationException(
          List.of(
              "ficus.mirror.port: '"
                  + port
                  + "' must be a port from 1 to 65535 of its own (not server.port "
                  + publicPort
                  + " nor ficus.admin.port)"));
    }
    URI legacy =
        properties.mirror().legacyUri() == null
            ? table.legacyUri()
            : properties.mirror().legacyUri();
    return new MirrorListener(
        port,
        environment.getProperty("server.address", "0.0.0.0"),
        handler::getObject,
        table,
        evidence,
        identity,
        client,
        dispatcher,
        legacy);
  }
}
