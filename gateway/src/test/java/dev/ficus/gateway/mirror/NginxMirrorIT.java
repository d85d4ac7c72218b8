package dev.ficus.gateway.mirror;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
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
import com.nimbusds.jwt.SignedJWT;
import dev.ficus.gateway.shadow.ShadowSampler;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.FlagsFiles;
import dev.ficus.gateway.testing.Replica;
import dev.ficus.testing.NginxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ficus behind a real nginx that mirrors every request to Ficus's mirror port ({@code mirror} and
 * {@code mirror_request_body}), fire and forget: users are answered by legacy through nginx, and
 * Ficus compares the mirrored reads (legacy called at its read replica), with the user read from a
 * verified JWT as on the main port, into the evidence a shadowed route has: the route's verdict,
 * its mismatch examples and the fleet view. Mirrored writes are sent nowhere, a route whose stage
 * compares nothing is counted as not compared, and a slow new side never holds nginx's users (nginx
 * sends the next request of a keep-alive connection only once the mirror answered).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxMirrorIT {

  static final String TOKEN = "mirror-admin-token";
  static final String ISSUER = "https://login.example.com/";
  static final String AUDIENCE = "fleet-api";
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final int USERS = 24;
  final WireMockServer legacy = Backends.named("legacy");
  final WireMockServer replica = Backends.named("legacy-replica");
  final WireMockServer fresh = Backends.named("new");
  final WireMockServer issuer = Backends.named("issuer");
  final int mirrorPort = Backends.listenerPort();
  RSAKey key;
  Replica gateway;
  NginxServer nginx;
  HttpClient users;

  @BeforeAll
  void start() throws JOSEException {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    issuer.stubFor(
        get(urlPathEqualTo("/.well-known/jwks.json"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(new JWKSet(key.toPublicJWK()).toString())));
    for (WireMockServer side : new WireMockServer[] {legacy, replica, fresh}) {
      side.stubFor(
          get(urlPathMatching("/trips/.*"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"trip\":\"{{request.pathSegments.[1]}}\",\"fare\":"
                              + (side == fresh ? "12.60" : "12.50")
                              + "}")
                      .withTransformers("response-template")));
      side.stubFor(
          any(urlPathMatching("/(bookings|vehicles|slow)(/.*)?"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody("{\"ok\":true}")));
    }
    fresh.stubFor(
        any(urlPathMatching("/slow/.*"))
            .atPriority(1)
            .willReturn(aResponse().withBody("{\"ok\":true}").withFixedDelay(20_000)));
    Map<String, String> settings = new HashMap<>();
    settings.put("ficus.legacy.uri", Backends.uri(legacy));
    settings.put("ficus.admin.token", TOKEN);
    settings.put("ficus.evidence.dir", FlagsFiles.temporaryDirectory().resolve("ev").toString());
    settings.put("ficus.evidence.flush-interval", "500ms");
    settings.put("ficus.verdict.max-latency-effect", "1");
    settings.put("ficus.identity.jwt-claim", "sub");
    settings.put("ficus.identity.jwt.issuer", ISSUER);
    settings.put("ficus.identity.jwt.audience", AUDIENCE);
    settings.put("ficus.identity.jwt.jwks-uri", Backends.uri(issuer) + "/.well-known/jwks.json");
    settings.put("ficus.mirror.port", Integer.toString(mirrorPort));
    settings.put("ficus.mirror.legacy-uri", Backends.uri(replica));
    route(settings, 0, "trips", "/trips/**", "shadow");
    settings.put("ficus.routes[0].shadow.sample-rate", "0.5");
    route(settings, 1, "bookings", "/bookings/**", "shadow");
    route(settings, 2, "vehicles", "/vehicles/**", "legacy");
    route(settings, 3, "slow", "/slow/**", "shadow");
    gateway = Replica.start("mirror", settings);
    nginx =
        NginxServer.start(
            """
            upstream legacy { server 127.0.0.1:%d; keepalive 8; }
            upstream ficus_mirror { server 127.0.0.1:%d; keepalive 8; }
            server {
              listen LISTEN;
              location / {
                mirror /mirror;
                mirror_request_body on;
                proxy_pass http://legacy;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
              }
              location = /mirror {
                internal;
                proxy_pass http://ficus_mirror$request_uri;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                proxy_set_header Host $host;
              }
            }
            """
                .formatted(legacy.port(), mirrorPort));
    users =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  private void route(Map<String, String> settings, int i, String id, String path, String mode) {
    settings.put("ficus.routes[" + i + "].id", id);
    settings.put("ficus.routes[" + i + "].paths[0]", path);
    settings.put("ficus.routes[" + i + "].mode", mode);
    settings.put("ficus.routes[" + i + "].new-uri", Backends.uri(fresh));
  }

  @AfterAll
  void stop() {
    if (nginx != null) {
      nginx.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    legacy.stop();
    replica.stop();
    fresh.stop();
    issuer.stop();
  }

  private String token(String user) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
              new JWTClaimsSet.Builder()
                  .subject(user)
                  .issuer(ISSUER)
                  .audience(AUDIENCE)
                  .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                  .build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A user's request through nginx, as the user sees it. */
  private HttpResponse<String> throughNginx(HttpRequest.Builder request, String user) {
    try {
      return users.send(
          request.header("Authorization", "Bearer " + token(user)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e + "\nnginx's error log:\n" + nginx.errorLog(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder at(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginx.port() + path))
        .timeout(Duration.ofSeconds(10));
  }

  private JsonNode admin(String path) {
    return JSON.readTree(gateway.client().get(path, "Authorization", "Bearer " + TOKEN).body());
  }

  @Test
  void comparesTheReadsNginxMirrorsIntoTheRoutesEvidenceAndTheFleetView() {
    for (int i = 0; i < USERS; i++) {
      HttpResponse<String> answer = throughNginx(at("/trips/T" + i).GET(), "u" + i);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).as("legacy answers the user").contains("\"fare\":12.50");
    }
    long sampled =
        IntStream.range(0, USERS)
            .filter(i -> ShadowSampler.sampled("trips", Optional.of("u" + i), 0.5))
            .count();
    assertThat(sampled).as("the test's users fall on both sides of the sample").isBetween(1L, 23L);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        admin("/ficus/routes/trips").path("comparisons").path("mismatch").asLong())
                    .as("each user in the sample, by the user id of the verified token")
                    .isEqualTo(sampled));
    JsonNode trips = admin("/ficus/routes/trips");
    assertThat(trips.path("skipped").path("sampled_out").asLong()).isEqualTo(USERS - sampled);
    assertThat(trips.get("topDifferences").get(0).get("path").asString()).isEqualTo("/fare");
    assertThat(trips.path("verdict").path("status").asString())
        .as("every mirrored read differing is evidence against the new side")
        .isEqualTo("NOT_READY");
    JsonNode example = admin("/ficus/routes/trips/mismatches?limit=1").get("mismatches").get(0);
    assertThat(example.get("differences").get(0).get("path").asString()).isEqualTo("/fare");
    assertThat(example.get("legacyBody").asString()).contains("12.50");
    assertThat(example.get("newBody").asString()).contains("12.60");

    assertThat(legacy.findAll(anyRequestedFor(urlPathMatching("/trips/.*"))))
        .as("the production monolith: the users' requests through nginx, none from Ficus")
        .hasSize(USERS);
    assertThat(replica.findAll(anyRequestedFor(urlPathMatching("/trips/.*"))))
        .as("the comparison's legacy calls went to the read replica")
        .hasSize((int) sampled);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode fleet = admin("/ficus/fleet/routes/trips");
              assertThat(fleet.path("comparisons").path("mismatch").asLong())
                  .as("the fleet view holds the mirror's evidence as a shadowed route's")
                  .isEqualTo(sampled);
              assertThat(fleet.path("verdict").path("status").asString()).isEqualTo("NOT_READY");
            });
  }

  @Test
  void sendsAMirroredWriteNowhereAndCountsAStageThatComparesNothing() {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> write =
          throughNginx(
              at("/bookings/B" + i)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"seats\":" + i + "}")),
              "writer");
      assertThat(write.statusCode()).isEqualTo(200);
    }
    throughNginx(at("/vehicles/V1").GET(), "u1");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(
                      admin("/ficus/routes/bookings")
                          .path("skipped")
                          .path("mirrored_write")
                          .asLong())
                  .isEqualTo(3);
              assertThat(
                      admin("/ficus/routes/vehicles")
                          .path("skipped")
                          .path("not_compared_at_stage")
                          .asLong())
                  .isEqualTo(1);
            });
    assertThat(legacy.findAll(anyRequestedFor(urlPathMatching("/bookings/.*"))))
        .as("the writes reached legacy once each, through nginx")
        .hasSize(3);
    assertThat(replica.findAll(anyRequestedFor(urlPathMatching("/(bookings|vehicles)/.*"))))
        .isEmpty();
    assertThat(fresh.findAll(anyRequestedFor(urlPathMatching("/(bookings|vehicles)/.*"))))
        .as("a mirrored write is never sent on, and a legacy-stage route is not compared")
        .isEmpty();
  }

  @Test
  void aSlowNewSideNeverHoldsNginxsUsers() {
    // One keep-alive connection: nginx sends its next request only once the mirror answered. The
    // new side takes 20 s; every user answered within the 10 s request timeout shows the mirror
    // answered at once.
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> answer = throughNginx(at("/slow/S" + i).GET(), "slow-user");
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("{\"ok\":true}");
    }
    assertThat(legacy.findAll(anyRequestedFor(urlPathMatching("/slow/.*")))).hasSize(4);
  }

  @Test
  void theMirrorPortServesNoAdminApiAndTheMainPortStillProxies() {
    Client mirror = new Client(mirrorPort);
    assertThat(mirror.get("/ficus/routes", "Authorization", "Bearer " + TOKEN).statusCode())
        .isEqualTo(202);
    legacy.stubFor(get(urlPathMatching("/fleet/status")).willReturn(aResponse().withBody("ok")));
    assertThat(gateway.client().get("/fleet/status").body()).isEqualTo("ok");
  }
}
