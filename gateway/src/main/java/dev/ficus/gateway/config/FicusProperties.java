package dev.ficus.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code ficus}: the public configuration interface. Values are checked as a whole
 * by {@link RouteTableFactory} at start-up, so that every problem is reported with its property
 * name.
 *
 * @param legacy the legacy monolith (or its adapter), which serves every request no route claims
 * @param identity where the user id that decides a user's side is read
 * @param flags where the rollout flags come from
 * @param routes the migrated routes, each with the new service that may serve it
 * @param preserveHost pass the client's {@code Host} header to the upstream instead of the
 *     upstream's own
 * @param debugHeaders add {@code X-Ficus-Served-By: legacy|new} to every answer, for checking a
 *     rollout by hand
 * @param timeout connect and response timeouts for routes that set none
 * @param verdict the thresholds a route must meet to be judged ready
 * @param admin the admin API
 * @param capture recording exchanges to files, for replay
 * @param evidence where every route's evidence is kept, in time buckets, for the fleet view and
 *     across restarts
 * @param console the cutover console at {@code /ficus/console}
 * @param tracing how far a client's trace context is trusted
 */
@ConfigurationProperties("ficus")
public record FicusProperties(
    @DefaultValue Legacy legacy,
    @DefaultValue Identity identity,
    @DefaultValue Flags flags,
    List<RouteProperties> routes,
    boolean preserveHost,
    boolean debugHeaders,
    @DefaultValue Timeouts timeout,
    @DefaultValue Verdict verdict,
    @DefaultValue Admin admin,
    @DefaultValue Capture capture,
    @DefaultValue Evidence evidence,
    @DefaultValue Console console,
    @DefaultValue Tracing tracing,
    @DefaultValue Limits limits,
    @DefaultValue Mirror mirror) {

  /**
   * {@code ficus.mirror}: a listener for copies of requests mirrored by a mesh or proxy (nginx,
   * Envoy, Istio, Traefik), compared as shadowed requests are, without Ficus in the request path.
   *
   * @param port the mirror listener's port; off when not set
   * @param legacyUri a legacy read replica the comparison calls instead of {@code
   *     ficus.legacy.uri}, so mirrored reads do not reach the production monolith twice
   */
  public record Mirror(Integer port, java.net.URI legacyUri) {}

  /**
   * What a client may send: see also {@code server.max-http-request-header-size}.
   *
   * @param readTimeout the longest wait between two reads of a request's body before it is answered
   *     408 and the connection closed
   * @param idleTimeout how long a connection may go without a request in flight (a new one, or a
   *     kept-alive one between requests) before it is closed
   */
  public record Limits(
      @DefaultValue("30s") java.time.Duration readTimeout,
      @DefaultValue("60s") java.time.Duration idleTimeout) {}

  public FicusProperties {
    routes = routes == null ? List.of() : List.copyOf(routes);
  }

  /**
   * @param uri base URI of the legacy monolith or its adapter, e.g. {@code http://127.0.0.1:8081}
   */
  public record Legacy(String uri) {}

  /**
   * @param header the request header holding the user id (default {@code X-User-Id})
   * @param jwtClaim when set, the user id is this claim of an {@code Authorization: Bearer} JWT
   *     instead
   * @param trustedProxies when set, a Java regular expression of the addresses a user id is read
   *     from (the proxies in front of Ficus); from any other address the request is anonymous
   * @param context Unleash context properties, each from {@code header:NAME} or {@code claim:NAME},
   *     which flag constraints and segments select on (e.g. {@code tenant: header:X-Tenant})
   */
  public record Identity(
      @DefaultValue("X-User-Id") String header,
      String jwtClaim,
      String trustedProxies,
      Map<String, String> context,
      @DefaultValue Jwt jwt) {

    /**
     * How a JWT the user id is read from is verified.
     *
     * @param verify verify the token (true), or read its claim unverified (false: a client can then
     *     choose its side)
     * @param issuer the {@code iss} a token must have; any when unset
     * @param audience a value the token's {@code aud} must hold; any when unset
     * @param jwksUri where the signing keys are published (a JWKS, refreshed and re-read when a
     *     token names a key it does not hold)
     * @param publicKey a PEM public key (RSA or EC) instead of a JWKS
     * @param jwksRefresh how often the JWKS is fetched
     * @param clockSkew how far expiry and not-before may be off
     */
    public record Jwt(
        @DefaultValue("true") boolean verify,
        String issuer,
        String audience,
        String jwksUri,
        String publicKey,
        @DefaultValue("5m") java.time.Duration jwksRefresh,
        @DefaultValue("60s") java.time.Duration clockSkew) {}
  }

  /**
   * @param file a flags file in the Unleash client-API format, re-read within seconds when it
   *     changes
   * @param unleash a real Unleash server to use instead of the file
   */
  public record Flags(@DefaultValue("flags.json") String file, Unleash unleash) {}

  /**
   * @param url the Unleash client API, e.g. {@code http://127.0.0.1:4242/api}
   * @param apiToken a client API token
   * @param appName the application name Ficus reports to Unleash
   * @param refreshInterval how often flags are fetched
   * @param backupFile where the last fetched flags are kept, so a restart during an outage still
   *     has them
   * @param adminToken an admin API token: stage changes and rollbacks are written through the admin
   *     API; without it Ficus only reads the server
   * @param adminUrl the server's root for the admin API; by default the client API URL without its
   *     {@code /api}
   * @param project the Unleash project a missing route flag is created in
   * @param environment the environment whose strategies are read and written; by default the one
   *     the client token is for
   */
  public record Unleash(
      String url,
      String apiToken,
      @DefaultValue("ficus") String appName,
      @DefaultValue("5s") Duration refreshInterval,
      @DefaultValue("ficus-unleash-backup.json") String backupFile,
      String adminToken,
      String adminUrl,
      @DefaultValue("default") String project,
      String environment) {}

  /**
   * @param minComparisons comparisons (matches plus mismatches) needed before a route is judged
   * @param maxMismatchRate highest acceptable share of mismatches, 0 to 1
   * @param maxLatencyEffect highest acceptable probability that a new call is slower than a legacy
   *     one, when the rank test finds the new side slower (0.5 to 1)
   * @param maxErrorRateIncrease how much higher than legacy's the new side's error rate may be, 0
   *     to 1
   * @param confidence the coverage of the rates' intervals and the rank test's significance
   */
  public record Verdict(
      @DefaultValue("100") long minComparisons,
      @DefaultValue("0.01") double maxMismatchRate,
      @DefaultValue("0.64") double maxLatencyEffect,
      @DefaultValue("0") double maxErrorRateIncrease,
      @DefaultValue("0.95") double confidence) {}

  /**
   * @param token an operator's Bearer token for the admin API and the console; with neither it nor
   *     {@code tokens} the admin API is off
   * @param tokens named tokens, each with a role: {@code viewer} reads, {@code operator} also
   *     changes; the name is in every audit line
   * @param port when set, the admin API, the fleet view, the console and the actuator are served on
   *     this port only (the public port keeps health)
   */
  public record Admin(String token, List<NamedToken> tokens, Integer port) {

    /**
     * @param name who holds it, in audit lines (letters, digits, {@code .}, {@code _}, {@code -})
     * @param token the Bearer token
     * @param role {@code viewer} or {@code operator}
     */
    public record NamedToken(String name, String token, String role) {}
  }

  /**
   * @param traceUrl a link to one trace in the tracing UI, {@code {traceId}} standing for the trace
   *     id, e.g. {@code http://zipkin:9411/zipkin/traces/{traceId}}; trace ids are shown as text
   *     when unset
   */
  public record Console(String traceUrl) {}

  /**
   * @param trustIncoming continue the trace a client's {@code traceparent} names (the default);
   *     when false every request starts a trace of its own, and a client's {@code traceparent},
   *     {@code tracestate} and {@code baggage} never reach a service
   */
  public record Tracing(@DefaultValue("true") boolean trustIncoming) {}

  /**
   * @param connect how long to wait for a connection to an upstream
   * @param response how long to wait for an upstream's response headers, and between two reads of
   *     its body
   */
  public record Timeouts(
      @DefaultValue("2s") Duration connect, @DefaultValue("30s") Duration response) {}

  /**
   * Recording exchanges of migrated routes to JSONL files (schema {@code ficus.capture/1}).
   *
   * @param enabled record exchanges; each route may override it
   * @param dir where capture files are written, relative to the configuration file's folder
   * @param sampleRate share of users (sticky per user) whose requests are recorded, 0 to 1
   * @param maxBodyBytes bodies are recorded up to this size and marked truncated beyond it
   * @param maxFileSize a capture file is closed and gzip-compressed at this size
   * @param maxFileAge a capture file is closed and gzip-compressed at this age
   * @param queueCapacity records waiting for the writer at most; further ones are dropped and
   *     counted, never waited for
   * @param maxQueuedBytes body bytes waiting for the writer at most
   * @param redact what is replaced by {@code [REDACTED]} before anything is written
   */
  public record Capture(
      boolean enabled,
      @DefaultValue("capture") String dir,
      @DefaultValue("1.0") double sampleRate,
      @DefaultValue("64KB") DataSize maxBodyBytes,
      @DefaultValue("64MB") DataSize maxFileSize,
      @DefaultValue("1h") Duration maxFileAge,
      @DefaultValue("10000") int queueCapacity,
      @DefaultValue("64MB") DataSize maxQueuedBytes,
      @DefaultValue Redact redact) {}

  /**
   * The evidence store: each replica writes its evidence of every route in ten-second buckets,
   * which the fleet view ({@code /ficus/fleet/routes}) reads back over a window, summed over every
   * replica.
   *
   * @param enabled keep evidence in the store
   * @param url a PostgreSQL JDBC URL shared by every replica, e.g. {@code
   *     jdbc:postgresql://db:5432/ficus}; without it, an embedded database in {@code dir}
   * @param username the database user
   * @param password the database password
   * @param dir the embedded database's folder (one gateway's evidence kept across restarts),
   *     relative to the configuration file's folder
   * @param retention buckets older than this are deleted
   * @param flushInterval how often buckets are written
   * @param maxPendingBuckets buckets kept in memory at most while the store cannot be written; past
   *     it the oldest are dropped and counted
   * @param replica this replica's name in the store; by default the host name
   */
  public record Evidence(
      @DefaultValue("true") boolean enabled,
      String url,
      String username,
      String password,
      @DefaultValue("evidence") String dir,
      @DefaultValue("14d") Duration retention,
      @DefaultValue("5s") Duration flushInterval,
      @DefaultValue("10000") int maxPendingBuckets,
      String replica) {}

  /**
   * Redaction on top of {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} and
   * {@code Set-Cookie}, which are always redacted.
   *
   * @param headers further request and response headers
   * @param queryParams query parameters, and fields of form-encoded bodies
   * @param bodyPaths JSON Pointers into request and response bodies, {@code *} for any one segment
   */
  public record Redact(List<String> headers, List<String> queryParams, List<String> bodyPaths) {}
}
