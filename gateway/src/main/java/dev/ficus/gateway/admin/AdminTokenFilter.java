package dev.ficus.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards the admin API with a Bearer token: 401 without the right one, and 404 for every admin path
 * when no token is configured, so an unconfigured gateway exposes nothing.
 */
public final class AdminTokenFilter implements WebFilter, Ordered {

  /** The routes' reports and controls. */
  public static final String PREFIX = "/ficus/routes";

  /** The fleet view, from the evidence store. */
  public static final String FLEET_PREFIX = "/ficus/fleet";

  /** What the console asks besides the admin API. */
  public static final String CONSOLE_API = "/ficus/console/api";

  /** The exchange attribute holding the role of the token that was given. */
  public static final String ROLE_ATTRIBUTE = "ficus.adminRole";

  private final byte[] token;

  public AdminTokenFilter(String token) {
    this.token =
        token == null || token.isBlank()
            ? null
            : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!under(path, PREFIX) && !under(path, FLEET_PREFIX) && !under(path, CONSOLE_API)) {
      return chain.filter(exchange);
    }
    if (token == null) {
      return Problems.write(
          exchange,
          HttpStatus.NOT_FOUND,
          "urn:ficus:problem:admin-disabled",
          "Admin API disabled",
          "The admin API is off; set ficus.admin.token to turn it on");
    }
    String given = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
      exchange
          .getResponse()
          .getHeaders()
          .set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ficus\"");
      return Problems.write(
          exchange,
          HttpStatus.UNAUTHORIZED,
          "urn:ficus:problem:unauthorized",
          "Unauthorized",
          "The admin API needs the header Authorization: Bearer <ficus.admin.token>");
    }
    return chain.filter(exchange);
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public String toString() {
    // Spring names every web filter in each request's checkpoint: a constant, never built per call
    return token == null ? "AdminTokenFilter[admin API off]" : "AdminTokenFilter[token set]";
  }
}
