package dev.ficus.gateway.route;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.FlagsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The user id from a verified JWT: signed by a key of the JWKS a test server publishes, issued by
 * the configured issuer for the configured audience, not expired. Every user is on new (the flag's
 * rollout is 100%), so a request served by legacy is one whose token gave no user id. The JWKS's
 * key is rotated mid-test: tokens of the new key are known within seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwtIdentityIT {

  static final String ISSUER = "https://login.example.com/";
  static final String AUDIENCE = "fleet-api";
  static final WireMockServer legacy = Backends.named("legacy");
  static final WireMockServer fresh = Backends.named("new");
  static final WireMockServer issuer = Backends.named("issuer");
  static final RSAKey first = key("k1");
  static final RSAKey second = key("k2");
  static final Path flagsFile =
      FlagsFiles.write(FlagsFiles.temporaryDirectory().resolve("flags.json"), Map.of("all", 100));

  static {
    publish(first);
  }

  @LocalServerPort int port;

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    registry.add("ficus.flags.file", flagsFile::toString);
    registry.add("ficus.debug-headers", () -> "true");
    registry.add("ficus.evidence.enabled", () -> "false");
    registry.add("ficus.identity.jwt-claim", () -> "sub");
    registry.add("ficus.identity.jwt.issuer", () -> ISSUER);
    registry.add("ficus.identity.jwt.audience", () -> AUDIENCE);
    registry.add(
        "ficus.identity.jwt.jwks-uri", () -> Backends.uri(issuer) + "/.well-known/jwks.json");
    registry.add("ficus.routes[0].id", () -> "trips");
    registry.add("ficus.routes[0].paths[0]", () -> "/trips/**");
    registry.add("ficus.routes[0].mode", () -> "canary");
    registry.add("ficus.routes[0].flag", () -> "all");
    registry.add("ficus.routes[0].new-uri", () -> Backends.uri(fresh));
  }

  @AfterAll
  static void stopBackends() {
    legacy.stop();
    fresh.stop();
    issuer.stop();
  }

  static RSAKey key(String id) {
    try {
      return new RSAKeyGenerator(2048).keyID(id).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static void publish(RSAKey key) {
    issuer.stubFor(
        get(urlPathEqualTo("/.well-known/jwks.json"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(new JWKSet(key.toPublicJWK()).toString())));
  }

  static JWTClaimsSet.Builder claims(String subject) {
    return new JWTClaimsSet.Builder()
        .subject(subject)
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .expirationTime(Date.from(Instant.now().plusSeconds(300)));
  }

  static String signed(RSAKey key, String kid, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  String servedBy(String token) {
    return new Client(port)
        .get("/trips/1", "Authorization", "Bearer " + token)
        .headers()
        .firstValue("X-Ficus-Served-By")
        .orElseThrow();
  }

  String rejected(String reason) {
    String scrape = new Client(port).get("/ficus/actuator/prometheus").body();
    return scrape
        .lines()
        .filter(line -> line.startsWith("ficus_identity_rejected_total{reason=\"" + reason + "\"}"))
        .findFirst()
        .orElse("none");
  }

  @Test
  @Order(1)
  void aGoodTokenGivesItsUserAndEveryBadOneIsAnonymous() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> servedBy(signed(first, "k1", claims("ada").build())).equals("new"));
    // Expired (beyond the clock skew), wrong issuer, wrong audience, no subject.
    assertThat(
            servedBy(
                signed(
                    first,
                    "k1",
                    claims("ada")
                        .expirationTime(Date.from(Instant.now().minusSeconds(600)))
                        .build())))
        .isEqualTo("legacy");
    assertThat(servedBy(signed(first, "k1", claims("ada").issuer("https://evil.example/").build())))
        .isEqualTo("legacy");
    assertThat(servedBy(signed(first, "k1", claims("ada").audience("other-api").build())))
        .isEqualTo("legacy");
    assertThat(servedBy(signed(first, "k1", claims("ada").subject(null).build())))
        .isEqualTo("legacy");
    // Signed by a key nobody published, under the published key's id.
    assertThat(servedBy(signed(key("k1"), "k1", claims("ada").build()))).isEqualTo("legacy");
    // Not signed at all, and not a token.
    assertThat(servedBy(new PlainJWT(claims("ada").build()).serialize())).isEqualTo("legacy");
    assertThat(servedBy("not.a.token")).isEqualTo("legacy");
    assertThat(rejected("expired")).endsWith(" 1.0");
    assertThat(rejected("wrong_issuer")).endsWith(" 1.0");
    assertThat(rejected("wrong_audience")).endsWith(" 1.0");
    assertThat(rejected("missing_claim")).endsWith(" 1.0");
    assertThat(rejected("bad_signature")).endsWith(" 2.0");
    assertThat(rejected("malformed")).endsWith(" 1.0");
  }

  @Test
  @Order(2)
  void aRotatedKeyIsKnownWithinSeconds() {
    publish(second);
    String token = signed(second, "k2", claims("grace").build());
    // The first token of the new key is anonymous, and has the JWKS read again.
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> servedBy(token).equals("new"));
    assertThat(rejected("unknown_key")).doesNotEndWith(" 0.0");
    // The retired key's tokens no longer count.
    assertThat(servedBy(signed(first, "k1", claims("ada").build()))).isEqualTo("legacy");
  }
}
