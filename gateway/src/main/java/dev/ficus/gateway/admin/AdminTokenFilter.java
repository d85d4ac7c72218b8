package dev.ficus.gateway.admin;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards the admin API, the fleet view and the console's API with Bearer tokens: 401 without a
 * token it knows, 403 when a viewer's token asks for a change, and 404 for every admin path when no
 * token is configured, so an unconfigured gateway exposes nothing. Every token is compared in
 * constant time, and all of them on every request, so the time taken says nothing of which one
 * nearly matched.
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

  /** The exchange attribute holding the name of the token that was given. */
  public static final String NAME_ATTRIBUTE = "ficus.adminName";

  /** The name of {@code ficus.admin.token}, which has none of its own. */
  public static final String UNNAMED = "";

  /** What a token may do. */
  public enum Role {
    /** Reads routes, the fleet view and the console. */
    VIEWER,
    /** Also changes stages, shares, rollbacks and the autopilot. */
    OPERATOR;

    public static Role parse(String text) {
      for (Role role : values()) {
        if (role.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
          return role;
        }
      }
      return null;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One token: who holds it and what it may do. */
  public record Holder(String name, String token, Role role) {
    byte[] header() {
      return ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "Holder[" + name + ", " + role.label() + "]";
    }
  }

  private final List<Holder> holders;
  private final List<byte[]> headers;

  public AdminTokenFilter(List<Holder> holders) {
    this.holders = List.copyOf(holders);
    this.headers = this.holders.stream().map(Holder::header).toList();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!under(path, PREFIX) && !under(path, FLEET_PREFIX) && !under(path, CONSOLE_API)) {
      return chain.filter(exchange);
    }
    if (holders.isEmpty()) {
      return Problems.write(
          exchange,
          HttpStatus.NOT_FOUND,
          "urn:ficus:problem:admin-disabled",
          "Admin API disabled",
          "The admin API is off; set ficus.admin.token (or ficus.admin.tokens) to turn it on");
    }
    String given = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    byte[] offered = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
    Holder holder = null;
    for (int i = 0; i < headers.size(); i++) {
      if (MessageDigest.isEqual(headers.get(i), offered) && holder == null) {
        holder = holders.get(i);
      }
    }
    if (holder == null) {
      exchange
          .getResponse()
          .getHeaders()
          .set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ficus\"");
      return Problems.write(
          exchange,
          HttpStatus.UNAUTHORIZED,
          "urn:ficus:problem:unauthorized",
          "Unauthorized",
          "The admin API needs the header Authorization: Bearer <one of ficus.admin.token,"
              + " ficus.admin.tokens>");
    }
    HttpMethod method = exchange.getRequest().getMethod();
    boolean reads =
        HttpMethod.GET.equals(method)
            || HttpMethod.HEAD.equals(method)
            || HttpMethod.OPTIONS.equals(method);
    if (holder.role() == Role.VIEWER && !reads) {
      return Problems.write(
          exchange,
          HttpStatus.FORBIDDEN,
          "urn:ficus:problem:forbidden",
          "Forbidden",
          "The token '"
              + holder.name()
              + "' is a viewer's: it reads routes and the fleet view; a change needs an operator's"
              + " token (ficus.admin.tokens[].role: operator)");
    }
    exchange.getAttributes().put(ROLE_ATTRIBUTE, holder.role().label());
    exchange.getAttributes().put(NAME_ATTRIBUTE, holder.name());
    return chain.filter(exchange);
  }

  /**
   * Who made a change, for audit lines: {@code token 'alice' (operator) from 10.0.0.7}, or {@code
   * admin token from 10.0.0.7} for {@code ficus.admin.token}.
   */
  public static String by(ServerWebExchange exchange) {
    InetSocketAddress address = exchange.getRequest().getRemoteAddress();
    String from =
        " from " + (address == null ? "an unknown address" : address.getAddress().getHostAddress());
    String name = exchange.getAttribute(NAME_ATTRIBUTE);
    if (name == null || name.equals(UNNAMED)) {
      return "admin token" + from;
    }
    return "token '" + name + "' (" + exchange.getAttribute(ROLE_ATTRIBUTE) + ")" + from;
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
    return holders.isEmpty() ? "AdminTokenFilter[admin API off]" : "AdminTokenFilter[tokens set]";
  }
}
