package dev.ficus.gateway.config;

import dev.ficus.gateway.admin.AdminListener;
import dev.ficus.gateway.admin.AdminTokenFilter;
import dev.ficus.gateway.admin.OwnPathProblems;
import dev.ficus.gateway.support.RequestLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  /** The limits of what a client may send ({@code ficus.limits}, {@code server.*}). */
  @Bean
  RequestLimits requestLimits(
      FicusProperties properties, org.springframework.core.env.Environment environment) {
    Duration read = properties.limits().readTimeout();
    Duration idle = properties.limits().idleTimeout();
    List<String> problems = new ArrayList<>();
    if (read == null || read.compareTo(Duration.ofSeconds(1)) < 0) {
      problems.add(
          "ficus.limits.read-timeout: '" + written(read) + "' must be at least 1s, e.g. 30s");
    }
    if (idle == null || idle.compareTo(Duration.ofSeconds(1)) < 0) {
      problems.add(
          "ficus.limits.idle-timeout: '" + written(idle) + "' must be at least 1s, e.g. 60s");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    String netty = environment.getProperty("server.netty.idle-timeout");
    if (netty != null) {
      org.slf4j.LoggerFactory.getLogger(RequestLimits.class)
          .warn(
              "server.netty.idle-timeout ({}) is set: Reactor Netty's own idle timeout then runs"
                  + " around every request, beside ficus.limits.idle-timeout ({}), and costs"
                  + " throughput; set ficus.limits.idle-timeout instead",
              netty,
              written(idle));
    }
    return new RequestLimits(read, idle);
  }

  /** A duration as a user writes it: {@code 30s}, {@code 500ms}. */
  private static String written(Duration duration) {
    if (duration == null) {
      return "none";
    }
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }

  /** {@code ficus.admin.port}: Ficus's own paths on a listener of their own. */
  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("ficus.admin.port")
  AdminListener adminListener(
      FicusProperties properties,
      org.springframework.core.env.Environment environment,
      org.springframework.beans.factory.ObjectProvider<
              org.springframework.http.server.reactive.HttpHandler>
          handler) {
    int port = properties.admin().port();
    int publicPort = environment.getProperty("server.port", Integer.class, 8080);
    if (port < 1 || port > 65535 || port == publicPort && publicPort != 0) {
      throw new InvalidConfigurationException(
          List.of(
              "ficus.admin.port: '"
                  + port
                  + "' must be a port from 1 to 65535 other than server.port ("
                  + publicPort
                  + ")"));
    }
    String address = environment.getProperty("server.address", "0.0.0.0");
    return new AdminListener(port, address, handler::getObject);
  }

  @Bean
  AdminTokenFilter adminTokenFilter(FicusProperties properties) {
    return new AdminTokenFilter(tokens(properties));
  }

  /** Every admin token, checked: {@code ficus.admin.token} (an operator's) and the named ones. */
  static List<AdminTokenFilter.Holder> tokens(FicusProperties properties) {
    FicusProperties.Admin admin = properties.admin();
    List<AdminTokenFilter.Holder> holders = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> secrets = new HashSet<>();
    if (admin.token() != null && !admin.token().isBlank()) {
      holders.add(
          new AdminTokenFilter.Holder(
              AdminTokenFilter.UNNAMED, admin.token(), AdminTokenFilter.Role.OPERATOR));
      secrets.add(admin.token());
    }
    List<FicusProperties.Admin.NamedToken> named =
        admin.tokens() == null ? List.of() : admin.tokens();
    for (int i = 0; i < named.size(); i++) {
      FicusProperties.Admin.NamedToken token = named.get(i);
      String key = "ficus.admin.tokens[" + i + "]";
      if (token.name() == null || !token.name().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        problems.add(
            key
                + ".name: '"
                + token.name()
                + "' must be a name of letters, digits, '.', '_' and '-', e.g. alice");
      } else if (!names.add(token.name())) {
        problems.add(key + ".name: '" + token.name() + "' is used by another token");
      }
      if (token.token() == null || token.token().isBlank()) {
        problems.add(key + ".token: is missing; give the token from a secret, e.g. ${ALICE_TOKEN}");
      } else if (!secrets.add(token.token())) {
        problems.add(key + ".token: is the same as another admin token; give each its own");
      }
      AdminTokenFilter.Role role = AdminTokenFilter.Role.parse(token.role());
      if (role == null) {
        problems.add(key + ".role: '" + token.role() + "' must be viewer or operator");
      }
      if (problems.isEmpty()) {
        holders.add(new AdminTokenFilter.Holder(token.name(), token.token(), role));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return holders;
  }
}
