package dev.ficus.gateway.route;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Key;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the Bearer JWT a user id is read from, with Nimbus JOSE+JWT (as Spring Security does):
 * the signature against a static public key or the keys of a JWKS, expiry and not-before (with
 * clock skew), the issuer and the audience. A token that fails any of them gives no user id: the
 * request is anonymous (served by legacy), never refused; the services behind Ficus authenticate.
 *
 * <p>Nothing here blocks a request: the JWKS is fetched in the background, at start and every
 * {@code refresh}, and again (at most every 10 s) when a token names a key the set does not hold,
 * so a rotated key is known within seconds; until then its tokens are anonymous.
 */
public final class JwtVerifier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JwtVerifier.class);
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);
  private static final long REFETCH_AT_MOST_EVERY_MILLIS = 10_000;
  private static final String NOT_ACCEPTED = "algorithm not accepted: ";

  /** Why a token gave no user id. */
  public enum Rejection {
    MALFORMED,
    UNKNOWN_KEY,
    BAD_SIGNATURE,
    EXPIRED,
    WRONG_ISSUER,
    WRONG_AUDIENCE,
    MISSING_CLAIM;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param userId the claim's value when the token is good
   * @param rejection why not, else null
   */
  public record Result(
      Optional<String> userId, Rejection rejection, java.util.Map<String, Object> claims) {
    static Result rejected(Rejection rejection) {
      return new Result(Optional.empty(), rejection, java.util.Map.of());
    }
  }

  private final String claim;
  private final DefaultJWTClaimsVerifier<SecurityContext> claims;
  private final URI jwksUri;
  private final HttpClient http;
  private final ScheduledExecutorService refresher;
  private final AtomicLong lastFetch = new AtomicLong();
  private volatile JWKSet keys;
  private volatile DefaultJWTProcessor<SecurityContext> processor;
  private volatile boolean failing;

  private JwtVerifier(
      String claim, String issuer, String audience, Duration clockSkew, JWKSet keys, URI jwksUri) {
    this.claim = claim;
    JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
    if (issuer != null) {
      exact.issuer(issuer);
    }
    Set<String> required = new HashSet<>(Set.of("exp", claim));
    this.claims =
        new DefaultJWTClaimsVerifier<>(
            audience == null ? null : Set.of(audience), exact.build(), required, null);
    this.claims.setMaxClockSkew((int) clockSkew.toSeconds());
    this.jwksUri = jwksUri;
    if (jwksUri == null) {
      this.http = null;
      this.refresher = null;
      use(keys);
    } else {
      this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      this.refresher =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "ficus-jwks");
                thread.setDaemon(true);
                return thread;
              });
      use(new JWKSet());
    }
  }

  /** Tokens signed by this PEM public key (RSA or EC). */
  public static JwtVerifier withPublicKey(
      String pem, String claim, String issuer, String audience, Duration clockSkew) {
    return new JwtVerifier(claim, issuer, audience, clockSkew, new JWKSet(publicKey(pem)), null);
  }

  /** A PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), RSA or EC, as a JWK. */
  static JWK publicKey(String pem) {
    String text = pem == null ? "" : pem.trim();
    if (text.contains("PRIVATE KEY")) {
      throw new IllegalArgumentException(
          "is a private key; give the public key only (-----BEGIN PUBLIC KEY-----)");
    }
    if (!text.startsWith("-----BEGIN PUBLIC KEY-----")
        || !text.contains("-----END PUBLIC KEY-----")) {
      throw new IllegalArgumentException(
          "is not a PEM public key; give it as -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----");
    }
    String body =
        text.substring(
                "-----BEGIN PUBLIC KEY-----".length(), text.indexOf("-----END PUBLIC KEY-----"))
            .replaceAll("\\s", "");
    byte[] der;
    try {
      der = java.util.Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not a PEM public key: its body is not base64");
    }
    java.security.spec.X509EncodedKeySpec spec = new java.security.spec.X509EncodedKeySpec(der);
    try {
      java.security.PublicKey key =
          java.security.KeyFactory.getInstance("RSA").generatePublic(spec);
      return new RSAKey.Builder((java.security.interfaces.RSAPublicKey) key).build();
    } catch (java.security.GeneralSecurityException notRsa) {
      try {
        java.security.interfaces.ECPublicKey key =
            (java.security.interfaces.ECPublicKey)
                java.security.KeyFactory.getInstance("EC").generatePublic(spec);
        com.nimbusds.jose.jwk.Curve curve =
            com.nimbusds.jose.jwk.Curve.forECParameterSpec(key.getParams());
        if (curve == null) {
          throw new IllegalArgumentException("is an EC key on a curve JWTs do not use");
        }
        return new ECKey.Builder(curve, key).build();
      } catch (java.security.GeneralSecurityException notEc) {
        throw new IllegalArgumentException("is neither an RSA nor an EC public key");
      }
    }
  }

  /** Tokens signed by the keys this JWKS publishes, fetched now and every {@code refresh}. */
  public static JwtVerifier withJwks(
      URI jwksUri,
      Duration refresh,
      String claim,
      String issuer,
      String audience,
      Duration clockSkew) {
    JwtVerifier verifier = new JwtVerifier(claim, issuer, audience, clockSkew, null, jwksUri);
    verifier.refresher.scheduleWithFixedDelay(
        verifier::fetch, 0, Math.max(1, refresh.toSeconds()), TimeUnit.SECONDS);
    return verifier;
  }

  /** Verifies the token and reads the claim; never throws. */
  public Result verify(String token) {
    DefaultJWTProcessor<SecurityContext> current = processor;
    JWTClaimsSet verified;
    try {
      verified = current.process(token, null);
    } catch (ParseException e) {
      return Result.rejected(Rejection.MALFORMED);
    } catch (BadJWSException e) {
      return Result.rejected(Rejection.BAD_SIGNATURE);
    } catch (BadJWTException e) {
      return Result.rejected(rejection(e.getMessage()));
    } catch (BadJOSEException e) {
      if (e.getMessage() != null && e.getMessage().contains("nsecured")) {
        return Result.rejected(Rejection.BAD_SIGNATURE);
      }
      refetchSoon();
      return Result.rejected(Rejection.UNKNOWN_KEY);
    } catch (KeySourceException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(NOT_ACCEPTED)) {
        return Result.rejected(Rejection.BAD_SIGNATURE);
      }
      // No key of the set fits the token's header: a key rotated in since the last fetch?
      refetchSoon();
      return Result.rejected(Rejection.UNKNOWN_KEY);
    } catch (JOSEException | RuntimeException e) {
      return Result.rejected(Rejection.BAD_SIGNATURE);
    }
    Object value = verified.getClaim(claim);
    if (value == null || value.toString().isBlank()) {
      return Result.rejected(Rejection.MISSING_CLAIM);
    }
    return new Result(Optional.of(value.toString().trim()), null, verified.getClaims());
  }

  private static Rejection rejection(String message) {
    String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
    // Nimbus's messages: "Expired JWT", "JWT before use time", "JWT iss claim has value ...",
    // "JWT aud claim has value ...", "JWT missing required claims: [...]".
    if (text.contains("expired") || text.contains("before use time")) {
      return Rejection.EXPIRED;
    }
    if (text.contains("missing required")) {
      return Rejection.MISSING_CLAIM;
    }
    if (text.contains("iss claim")) {
      return Rejection.WRONG_ISSUER;
    }
    if (text.contains("aud")) {
      return Rejection.WRONG_AUDIENCE;
    }
    return Rejection.MISSING_CLAIM;
  }

  private void use(JWKSet set) {
    this.keys = set;
    DefaultJWTProcessor<SecurityContext> next = new DefaultJWTProcessor<>();
    next.setJWSKeySelector(selector(set));
    next.setJWTClaimsSetVerifier(claims);
    this.processor = next;
  }

  /**
   * The keys that may have signed a token with this header: by its key id when both have one, and
   * by key type for the algorithm it names (so a static key without an id serves tokens with one).
   */
  private static JWSKeySelector<SecurityContext> selector(JWKSet set) {
    return (header, context) -> {
      if (!ALGORITHMS.contains(header.getAlgorithm())) {
        throw new KeySourceException(NOT_ACCEPTED + header.getAlgorithm());
      }
      List<Key> fitting = new ArrayList<>();
      for (JWK jwk : set.getKeys()) {
        if (fits(header, jwk) && jwk instanceof AsymmetricJWK asymmetric) {
          try {
            fitting.add(asymmetric.toPublicKey());
          } catch (JOSEException e) {
            // a key the set holds but cannot be used: skip it
          }
        }
      }
      return fitting;
    };
  }

  private static boolean fits(JWSHeader header, JWK jwk) {
    if (header.getKeyID() != null
        && jwk.getKeyID() != null
        && !header.getKeyID().equals(jwk.getKeyID())) {
      return false;
    }
    if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(header.getAlgorithm())) {
      return false;
    }
    KeyType type = KeyType.forAlgorithm(header.getAlgorithm());
    return (type == KeyType.RSA && jwk instanceof RSAKey)
        || (type == KeyType.EC && jwk instanceof ECKey);
  }

  private void refetchSoon() {
    if (refresher == null) {
      return;
    }
    long now = System.currentTimeMillis();
    long last = lastFetch.get();
    if (now - last >= REFETCH_AT_MOST_EVERY_MILLIS && lastFetch.compareAndSet(last, now)) {
      refresher.execute(this::fetch);
    }
  }

  private void fetch() {
    lastFetch.set(System.currentTimeMillis());
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(jwksUri).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + answer.statusCode());
      }
      JWKSet fetched = JWKSet.parse(answer.body()).toPublicJWKSet();
      use(fetched);
      if (failing) {
        log.info("JWKS {} read again: {} keys", jwksUri, fetched.getKeys().size());
      }
      failing = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!failing) {
        log.warn(
            "JWKS {} cannot be read ({}); tokens are checked against the {} keys read before,"
                + " and those signed by other keys are anonymous",
            jwksUri,
            e.getMessage(),
            keys.getKeys().size());
      }
      failing = true;
    }
  }

  @Override
  public void close() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "JwtVerifier[" + (jwksUri == null ? "public key" : jwksUri) + ", claim " + claim + "]";
  }
}
