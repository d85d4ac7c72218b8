package dev.ficus.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** A static public key (PEM), RSA or EC: what it accepts, and what it never does. */
class JwtVerifierTest {

  static String pem(Key key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static JWTClaimsSet claims() {
    return new JWTClaimsSet.Builder()
        .subject("ada")
        .expirationTime(Date.from(Instant.now().plusSeconds(60)))
        .build();
  }

  @Test
  void anRsaPublicKeyVerifiesItsOwnTokensOnly() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("any").generate();
    JwtVerifier verifier =
        JwtVerifier.withPublicKey(pem(key.toRSAPublicKey()), "sub", null, null, Duration.ZERO);
    SignedJWT good =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("kid-the-key-does-not-name").build(),
            claims());
    good.sign(new RSASSASigner(key));
    assertThat(verifier.verify(good.serialize()).userId()).hasValue("ada");

    SignedJWT other = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims());
    other.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
    assertThat(verifier.verify(other.serialize()).rejection())
        .isEqualTo(JwtVerifier.Rejection.BAD_SIGNATURE);

    // HMAC with the public key as the secret (the classic algorithm confusion) is never accepted.
    SignedJWT confused = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims());
    confused.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
    assertThat(verifier.verify(confused.serialize()).userId()).isEmpty();
  }

  @Test
  void anEcPublicKeyToo() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    JwtVerifier verifier =
        JwtVerifier.withPublicKey(pem(key.toECPublicKey()), "sub", null, null, Duration.ZERO);
    SignedJWT good = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims());
    good.sign(new ECDSASigner(key));
    assertThat(verifier.verify(good.serialize()).userId()).hasValue("ada");
  }

  @Test
  void aPrivateKeyOrNoKeyIsRefusedAtStartUp() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).generate();
    String privatePem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(key.toRSAPrivateKey().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    assertThatThrownBy(
            () -> JwtVerifier.withPublicKey(privatePem, "sub", null, null, Duration.ZERO))
        .hasMessageContaining("public key");
    assertThatThrownBy(
            () -> JwtVerifier.withPublicKey("not a key", "sub", null, null, Duration.ZERO))
        .hasMessageContaining("PEM");
  }
}
