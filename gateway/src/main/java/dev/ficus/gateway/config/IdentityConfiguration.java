package dev.ficus.gateway.config;

import dev.ficus.gateway.route.IdentityReader;
import dev.ficus.gateway.route.JwtVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who the user is: the user id from a header or a verified JWT, only from trusted proxies, and the
 * Unleash context properties read beside it ({@code ficus.identity}).
 */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

  @Bean
  IdentityReader identityReader(FicusProperties properties, MeterRegistry meters) {
    FicusProperties.Identity identity = properties.identity();
    Counter untrusted =
        Counter.builder("ficus.identity.untrusted")
            .description(
                "Requests whose user id was ignored: they came from an address outside"
                    + " ficus.identity.trusted-proxies")
            .register(meters);
    JwtVerifier verifier = jwtVerifier(identity);
    Map<JwtVerifier.Rejection, Counter> rejections =
        new java.util.EnumMap<>(JwtVerifier.Rejection.class);
    if (verifier != null) {
      for (JwtVerifier.Rejection rejection : JwtVerifier.Rejection.values()) {
        rejections.put(
            rejection,
            Counter.builder("ficus.identity.rejected")
                .description("Requests whose JWT failed verification (served as anonymous), by why")
                .tag("reason", rejection.label())
                .register(meters));
      }
    }
    Map<String, IdentityReader.Source> context = new java.util.LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    if (identity.context() != null) {
      identity
          .context()
          .forEach(
              (property, source) -> {
                try {
                  IdentityReader.Source parsed = IdentityReader.Source.parse(source);
                  if (!parsed.header()
                      && (identity.jwtClaim() == null || identity.jwtClaim().isBlank())) {
                    problems.add(
                        "ficus.identity.context."
                            + property
                            + ": '"
                            + source
                            + "' reads a claim of the JWT, but the user id is not read from one;"
                            + " set ficus.identity.jwt-claim, or read a header instead");
                  }
                  context.put(property, parsed);
                } catch (IllegalArgumentException e) {
                  problems.add("ficus.identity.context." + property + ": " + e.getMessage());
                }
              });
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return new IdentityReader(
        identity.header(),
        identity.jwtClaim(),
        identity.trustedProxies() == null ? null : Pattern.compile(identity.trustedProxies()),
        untrusted::increment,
        verifier,
        rejection -> rejections.get(rejection).increment(),
        context);
  }

  /**
   * The JWT verifier the identity settings ask for; null without a claim, or with verify: false.
   */
  static JwtVerifier jwtVerifier(FicusProperties.Identity identity) {
    String claim = identity.jwtClaim();
    FicusProperties.Identity.Jwt jwt = identity.jwt();
    if (claim == null || claim.isBlank() || !jwt.verify()) {
      return null;
    }
    boolean jwks = jwt.jwksUri() != null && !jwt.jwksUri().isBlank();
    boolean key = jwt.publicKey() != null && !jwt.publicKey().isBlank();
    if (jwks == key) {
      throw new InvalidConfigurationException(
          List.of(
              "ficus.identity.jwt: "
                  + (jwks
                      ? "give jwks-uri or public-key, not both"
                      : "the user id is read from the JWT claim '"
                          + claim
                          + "', so the token must be verified: give jwks-uri (e.g."
                          + " https://login.example.com/.well-known/jwks.json) or public-key (PEM),"
                          + " or verify: false to read the claim unverified (a client can then"
                          + " choose its side)")));
    }
    Duration skew = jwt.clockSkew() == null ? Duration.ofSeconds(60) : jwt.clockSkew();
    if (key) {
      try {
        return JwtVerifier.withPublicKey(
            jwt.publicKey(),
            claim.trim(),
            blankToNull(jwt.issuer()),
            blankToNull(jwt.audience()),
            skew);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationException(
            List.of("ficus.identity.jwt.public-key: " + e.getMessage()));
      }
    }
    URI uri;
    try {
      uri = URI.create(jwt.jwksUri().trim());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("not absolute");
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(
          List.of(
              "ficus.identity.jwt.jwks-uri: '"
                  + jwt.jwksUri()
                  + "' is not an absolute http(s) URL, e.g."
                  + " https://login.example.com/.well-known/jwks.json"));
    }
    Duration refresh = jwt.jwksRefresh() == null ? Duration.ofMinutes(5) : jwt.jwksRefresh();
    if (refresh.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new InvalidConfigurationException(
          List.of(
              "ficus.identity.jwt.jwks-refresh: '" + refresh + "' must be at least 10s, e.g. 5m"));
    }
    return JwtVerifier.withJwks(
        uri, refresh, claim.trim(), blankToNull(jwt.issuer()), blankToNull(jwt.audience()), skew);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }
}
