package dev.ficus.gateway.route;

import dev.ficus.gateway.support.FicusExchangeAttributes;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the user id that makes a user's decision sticky: from a header, or from a claim of a Bearer
 * JWT.
 *
 * <p>A JWT is verified ({@link JwtVerifier}: signature, expiry, issuer, audience) unless the
 * configuration says {@code verify: false}; a token that fails gives no user id (the request is
 * anonymous, never refused: the services behind Ficus authenticate). To keep clients from choosing
 * their side by a header, give the addresses of the proxies that set it ({@code
 * ficus.identity.trusted-proxies}): a user id from any other address is ignored and counted.
 */
public final class IdentityReader {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String BEARER = "bearer ";

  private final String header;
  private final String jwtClaim;
  private final Pattern trustedProxies;
  private final Runnable untrusted;
  private final JwtVerifier verifier;
  private final java.util.function.Consumer<JwtVerifier.Rejection> rejected;
  private final Map<String, Source> context;

  /** Where an Unleash context property is read from: a request header or a claim of the JWT. */
  public record Source(boolean header, String name) {

    /** {@code header:X-Tenant} or {@code claim:tenant}. */
    public static Source parse(String text) {
      String value = text == null ? "" : text.trim();
      if (value.startsWith("header:") && value.length() > "header:".length()) {
        return new Source(true, value.substring("header:".length()).trim());
      }
      if (value.startsWith("claim:") && value.length() > "claim:".length()) {
        return new Source(false, value.substring("claim:".length()).trim());
      }
      throw new IllegalArgumentException(
          "'" + text + "' must be header:NAME or claim:NAME, e.g. header:X-Tenant");
    }
  }

  /** What was read of one request: the user id, and the JWT's claims when one was read. */
  private record Read(Optional<String> userId, Map<String, Object> claims) {}

  public IdentityReader(String header, String jwtClaim) {
    this(header, jwtClaim, null, () -> {});
  }

  public IdentityReader(
      String header, String jwtClaim, Pattern trustedProxies, Runnable untrusted) {
    this(header, jwtClaim, trustedProxies, untrusted, null, rejection -> {}, Map.of());
  }

  /**
   * @param trustedProxies the addresses a user id is read from; null for any
   * @param untrusted told of each request whose user id was ignored for its address
   * @param verifier verifies the JWT the claim is read from; null reads it unverified
   * @param rejected told of each token the verifier refused, with why
   * @param context Unleash context properties read from each request, by property name
   */
  public IdentityReader(
      String header,
      String jwtClaim,
      Pattern trustedProxies,
      Runnable untrusted,
      JwtVerifier verifier,
      java.util.function.Consumer<JwtVerifier.Rejection> rejected,
      Map<String, Source> context) {
    this.header = header;
    this.jwtClaim = jwtClaim == null || jwtClaim.isBlank() ? null : jwtClaim;
    this.trustedProxies = trustedProxies;
    this.untrusted = untrusted;
    this.verifier = verifier;
    this.rejected = rejected;
    this.context = Map.copyOf(context);
  }

  /**
   * The user id of the exchange's request, read once and kept on the exchange, so every filter of
   * the walk asks without decoding a token again.
   */
  public Optional<String> userId(ServerWebExchange exchange) {
    return read(exchange).userId();
  }

  private Read read(ServerWebExchange exchange) {
    Read read = exchange.getAttribute(FicusExchangeAttributes.USER_ID);
    if (read == null) {
      read = read(exchange.getRequest());
      exchange.getAttributes().put(FicusExchangeAttributes.USER_ID, read);
    }
    return read;
  }

  /**
   * The request's Unleash context properties ({@code ficus.identity.context}), from its headers and
   * its JWT's claims; none from an address outside {@code trusted-proxies}, as with the user id.
   */
  public Map<String, String> context(ServerWebExchange exchange) {
    if (context.isEmpty()) {
      return Map.of();
    }
    ServerHttpRequest request = exchange.getRequest();
    if (trustedProxies != null && !trusted(request.getRemoteAddress())) {
      return Map.of();
    }
    Map<String, Object> claims = read(exchange).claims();
    Map<String, String> properties = new java.util.HashMap<>();
    context.forEach(
        (property, source) -> {
          Object value =
              source.header()
                  ? request.getHeaders().getFirst(source.name())
                  : claims.get(source.name());
          if (value != null && !value.toString().isBlank()) {
            properties.put(property, value.toString().trim());
          }
        });
    return properties;
  }

  /** The user id of this request, or empty when it carries none that can be read. */
  public Optional<String> userId(ServerHttpRequest request) {
    return read(request).userId();
  }

  private Read read(ServerHttpRequest request) {
    Read read =
        jwtClaim == null
            ? new Read(nonBlank(request.getHeaders().getFirst(header)), Map.of())
            : fromBearerToken(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    if (read.userId().isPresent()
        && trustedProxies != null
        && !trusted(request.getRemoteAddress())) {
      untrusted.run();
      return new Read(Optional.empty(), Map.of());
    }
    return read;
  }

  private boolean trusted(InetSocketAddress from) {
    if (from == null) {
      return false;
    }
    String address =
        from.getAddress() == null ? from.getHostString() : from.getAddress().getHostAddress();
    return trustedProxies.matcher(address).matches();
  }

  private static final Read NOBODY = new Read(Optional.empty(), Map.of());

  private Read fromBearerToken(String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return NOBODY;
    }
    String token = authorization.substring(BEARER.length()).trim();
    if (verifier != null) {
      JwtVerifier.Result result = verifier.verify(token);
      if (result.rejection() != null) {
        rejected.accept(result.rejection());
      }
      return new Read(result.userId(), result.claims());
    }
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return NOBODY;
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      JsonNode claims = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
      JsonNode claim = claims.get(jwtClaim);
      Map<String, Object> values = new java.util.HashMap<>();
      if (!context.isEmpty() && claims.isObject()) {
        claims
            .properties()
            .forEach(
                entry -> {
                  if (entry.getValue().isValueNode()) {
                    values.put(entry.getKey(), entry.getValue().asString());
                  }
                });
      }
      return new Read(
          claim == null || !claim.isValueNode() ? Optional.empty() : nonBlank(claim.asString()),
          values);
    } catch (IllegalArgumentException | JacksonException e) {
      return NOBODY;
    }
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  @Override
  public String toString() {
    return (jwtClaim == null
            ? "IdentityReader[header " + header
            : "IdentityReader[jwt claim "
                + jwtClaim
                + (verifier == null ? " unverified" : " verified"))
        + (trustedProxies == null ? "" : ", from " + trustedProxies)
        + "]";
  }
}
