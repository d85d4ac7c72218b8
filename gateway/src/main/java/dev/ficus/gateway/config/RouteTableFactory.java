package dev.ficus.gateway.config;

import dev.ficus.compare.operation.ReadDeclaration;
import dev.ficus.compare.operation.RequestPattern;
import dev.ficus.compare.rules.CompareRules;
import dev.ficus.flags.Stage;
import dev.ficus.gateway.autopilot.AutopilotSettings;
import dev.ficus.gateway.route.CaptureSettings;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.ResilienceSettings;
import dev.ficus.gateway.route.RouteTable;
import dev.ficus.gateway.route.ShadowSettings;
import dev.ficus.gateway.support.FicusPaths;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Checks {@code ficus.*} as a whole and builds the {@link RouteTable}. Every problem is collected,
 * so one start-up reports them all, each naming the property, the bad value and what would be
 * valid.
 */
final class RouteTableFactory {

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

  private final PathPatternParser parser = new PathPatternParser();
  private final List<String> problems = new ArrayList<>();

  /**
   * @param unknownKeys problems already found with the keys themselves, reported with the rest
   */
  static RouteTable build(FicusProperties properties, List<String> unknownKeys) {
    RouteTableFactory factory = new RouteTableFactory();
    factory.problems.addAll(unknownKeys);
    return factory.table(properties);
  }

  private RouteTable table(FicusProperties properties) {
    URI legacy = baseUri("ficus.legacy.uri", properties.legacy().uri(), true).orElse(null);
    if (properties.identity().header() == null || properties.identity().header().isBlank()) {
      problems.add(
          "ficus.identity.header: must name the header holding the user id, e.g. X-User-Id");
    }
    checkTrustedProxies(properties.identity().trustedProxies());
    List<MigrationRoute> routes = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < properties.routes().size(); i++) {
      route(
              "ficus.routes[" + i + "]",
              properties.routes().get(i),
              properties.timeout(),
              properties.capture(),
              ids)
          .ifPresent(routes::add);
    }
    checkPrecedence(routes);
    checkTraceUrl(properties.console().traceUrl());
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    MigrationRoute catchAll =
        new MigrationRoute(
            MigrationRoute.CATCH_ALL_ID,
            List.of(parser.parse("/**")),
            Set.of(),
            null,
            Stage.LEGACY,
            null,
            properties.timeout().connect(),
            properties.timeout().response(),
            ShadowSettings.off(),
            ResilienceSettings.none(),
            CaptureSettings.off(),
            AutopilotSettings.off());
    return new RouteTable(legacy, routes, catchAll);
  }

  private Optional<MigrationRoute> route(
      String prefix,
      RouteProperties route,
      FicusProperties.Timeouts defaults,
      FicusProperties.Capture captureDefaults,
      Set<String> ids) {
    int before = problems.size();
    String id = route.id();
    if (id == null || id.isBlank()) {
      problems.add(prefix + ".id: is missing; give the route a unique name, e.g. trips");
    } else if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      problems.add(prefix + ".id: '" + id + "' may hold only letters, digits, '.', '_' and '-'");
    } else if (id.equals(MigrationRoute.CATCH_ALL_ID)) {
      problems.add(
          prefix + ".id: '" + id + "' is reserved for the legacy catch-all; choose another");
    } else if (!ids.add(id)) {
      problems.add(prefix + ".id: '" + id + "' is used by another route; route ids must be unique");
    }
    List<PathPattern> paths = paths(prefix, route.paths());
    Set<HttpMethod> methods = methods(prefix, route.methods());
    Stage mode = mode(prefix, route.mode());
    URI newUri = null;
    if (mode != Stage.LEGACY || route.newUri() != null) {
      newUri = baseUri(prefix + ".new-uri", route.newUri(), mode != Stage.LEGACY).orElse(null);
    }
    String flag = route.flag() == null || route.flag().isBlank() ? null : route.flag().trim();
    if (mode == Stage.CANARY && flag == null) {
      problems.add(
          prefix
              + ".flag: is missing; mode canary needs the name of the flag that sends a user to new-uri");
    }
    FicusProperties.Timeouts timeout = route.timeout() == null ? defaults : route.timeout();
    checkTimeout(prefix + ".timeout.connect", timeout.connect());
    checkTimeout(prefix + ".timeout.response", timeout.response());
    AutopilotSettings autopilot =
        AutopilotSettings.of(prefix, route.autopilot(), flag, newUri, problems);
    ShadowSettings shadow =
        shadow(prefix, newUri, route.shadow(), route.compare(), autopilot.enabled());
    ResilienceSettings resilience = resilience(prefix, route);
    CaptureSettings capture = capture(prefix, route.capture(), captureDefaults);
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new MigrationRoute(
            id,
            paths,
            methods,
            newUri,
            mode,
            flag,
            timeout.connect(),
            timeout.response(),
            shadow,
            resilience,
            capture,
            autopilot));
  }

  private CaptureSettings capture(
      String prefix, RouteProperties.RouteCapture route, FicusProperties.Capture defaults) {
    boolean enabled = route.enabled() == null ? defaults.enabled() : route.enabled();
    double rate = route.sampleRate() == null ? defaults.sampleRate() : route.sampleRate();
    if (route.sampleRate() != null) {
      checkRate(prefix + ".capture.sample-rate", rate);
    }
    long maxBody = defaults.maxBodyBytes() == null ? 0 : defaults.maxBodyBytes().toBytes();
    return new CaptureSettings(enabled, rate, maxBody);
  }

  private ShadowSettings shadow(
      String prefix,
      URI newUri,
      RouteProperties.Shadow shadow,
      RouteProperties.Compare compare,
      boolean autopilot) {
    // Under the autopilot, users on new are compared against legacy too, so the evidence keeps
    // coming at every canary step.
    boolean reverse = Boolean.TRUE.equals(shadow.enabled()) || autopilot && newUri != null;
    if (reverse && newUri == null) {
      problems.add(
          prefix
              + ".shadow.enabled: 'true' needs new-uri, the side to compare with; give the route a"
              + " new-uri, or leave shadow.enabled out");
    }
    checkRate(prefix + ".shadow.sample-rate", shadow.sampleRate());
    checkRate(prefix + ".compare.noise-sample-rate", compare.noiseSampleRate());
    if (shadow.maxInFlight() < 1) {
      problems.add(
          prefix + ".shadow.max-in-flight: '" + shadow.maxInFlight() + "' must be at least 1");
    }
    if (compare.maxBodyBytes() == null
        || compare.maxBodyBytes().toBytes() < 1
        || compare.maxBodyBytes().toBytes() > Integer.MAX_VALUE - 8) {
      problems.add(
          prefix
              + ".compare.max-body-bytes: '"
              + compare.maxBodyBytes()
              + "' must be between 1B and 2GB, e.g. 1MB");
    }
    CompareRules.Builder rules = CompareRules.custom();
    rule(prefix + ".compare.ignore", compare.ignore(), (i, path) -> rules.ignore(path));
    rule(
        prefix + ".compare.tolerance",
        compare.tolerance(),
        (i, tolerance) -> {
          if (tolerance.absolute() == null && tolerance.relative() == null) {
            throw new IllegalArgumentException(
                "needs absolute, relative or both, e.g. absolute: 0.01");
          }
          rules.tolerance(
              tolerance.path(), orZero(tolerance.absolute()), orZero(tolerance.relative()));
        });
    rule(
        prefix + ".compare.unordered",
        compare.unordered(),
        (i, unordered) -> rules.unordered(unordered.path(), unordered.key()));
    rule(prefix + ".compare.headers", compare.headers(), (i, header) -> rules.header(header));
    long maxBody = compare.maxBodyBytes() == null ? 0 : compare.maxBodyBytes().toBytes();
    return new ShadowSettings(
        reverse,
        shadow.sampleRate(),
        shadow.writes(),
        shadow.maxInFlight(),
        rules.build(),
        compare.noiseDetection(),
        compare.noiseSampleRate(),
        maxBody,
        reads(prefix + ".shadow.reads", shadow.reads()));
  }

  /** The declared reads, each problem named by its key. */
  private ReadDeclaration reads(String prefix, RouteProperties.Reads reads) {
    if (reads == null) {
      return ReadDeclaration.NONE;
    }
    boolean graphql = false;
    if (reads.graphql() != null && !reads.graphql().isBlank()) {
      graphql = reads.graphql().trim().equals("queries");
      if (!graphql && !reads.graphql().trim().equals("none")) {
        problems.add(
            prefix
                + ".graphql: '"
                + reads.graphql()
                + "' must be 'queries' (documents whose selected operation is a query) or 'none'");
      }
    }
    List<RequestPattern> requests = new ArrayList<>();
    rule(
        prefix + ".requests",
        reads.requests(),
        (i, request) -> {
          if (request.method() == null
              || !request
                  .method()
                  .trim()
                  .matches("(?i)POST|PUT|PATCH|DELETE|GET|QUERY|REPORT|SEARCH")) {
            throw new IllegalArgumentException(
                "method '" + request.method() + "' must be an HTTP method, e.g. POST");
          }
          requests.add(new RequestPattern(request.method(), request.path()));
        });
    long maxBody = reads.maxBodyBytes() == null ? -1 : reads.maxBodyBytes().toBytes();
    if (maxBody < 1 || maxBody > 16L << 20) {
      problems.add(
          prefix
              + ".max-body-bytes: '"
              + reads.maxBodyBytes()
              + "' must be between 1B and 16MB, e.g. 64KB");
      maxBody = ReadDeclaration.DEFAULT_MAX_BODY_BYTES;
    }
    return new ReadDeclaration(
        names(prefix + ".soap-operations", reads.soapOperations()),
        graphql,
        names(prefix + ".json-rpc-methods", reads.jsonRpcMethods()),
        requests,
        (int) maxBody);
  }

  private Set<String> names(String property, List<String> values) {
    Set<String> names = new LinkedHashSet<>();
    rule(
        property,
        values,
        (i, name) -> {
          if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("must be an operation's name, e.g. GetInvoice");
          }
          names.add(name.trim());
        });
    return names;
  }

  private ResilienceSettings resilience(String prefix, RouteProperties route) {
    RouteProperties.CircuitBreaker breaker = route.circuitBreaker();
    if (!(breaker.failureRateThreshold() > 0 && breaker.failureRateThreshold() <= 100)) {
      problems.add(
          prefix
              + ".circuit-breaker.failure-rate-threshold: '"
              + breaker.failureRateThreshold()
              + "' must be a percentage above 0 and at most 100, e.g. 50");
    }
    if (breaker.slidingWindowSize() < 1
        || breaker.minimumNumberOfCalls() < 1
        || breaker.permittedCallsInHalfOpenState() < 1) {
      problems.add(
          prefix
              + ".circuit-breaker: sliding-window-size, minimum-number-of-calls and "
              + "permitted-calls-in-half-open-state must each be at least 1");
    }
    checkTimeout(
        prefix + ".circuit-breaker.wait-duration-in-open-state", breaker.waitDurationInOpenState());
    Set<HttpMethod> fallbackMethods = methods(prefix + ".fallback", route.fallback().methods());
    RouteProperties.Guardrails guardrails = route.guardrails();
    if (guardrails.window() < 1
        || guardrails.minRequests() < 1
        || guardrails.minRequests() > guardrails.window()) {
      problems.add(
          prefix
              + ".guardrails: window '"
              + guardrails.window()
              + "' and min-requests '"
              + guardrails.minRequests()
              + "' must be at least 1, and min-requests at most the window");
    }
    checkRate(prefix + ".guardrails.max-error-rate", guardrails.maxErrorRate());
    checkRate(prefix + ".guardrails.max-mismatch-rate", guardrails.maxMismatchRate());
    if (guardrails.maxLatencyFactor() != null && !(guardrails.maxLatencyFactor() > 0)) {
      problems.add(
          prefix
              + ".guardrails.max-latency-factor: '"
              + guardrails.maxLatencyFactor()
              + "' must be greater than 0, e.g. 2");
    }
    return new ResilienceSettings(
        breaker.failureRateThreshold(),
        breaker.slidingWindowSize(),
        breaker.minimumNumberOfCalls(),
        breaker.waitDurationInOpenState(),
        breaker.permittedCallsInHalfOpenState(),
        route.fallback().enabled(),
        fallbackMethods,
        guardrails.enabled(),
        guardrails.window(),
        guardrails.minRequests(),
        guardrails.maxErrorRate(),
        guardrails.maxMismatchRate(),
        guardrails.maxLatencyFactor() == null
            ? Double.POSITIVE_INFINITY
            : guardrails.maxLatencyFactor());
  }

  private <T> void rule(
      String property, List<T> values, java.util.function.BiConsumer<Integer, T> add) {
    if (values == null) {
      return;
    }
    for (int i = 0; i < values.size(); i++) {
      try {
        add.accept(i, values.get(i));
      } catch (IllegalArgumentException | NullPointerException e) {
        problems.add(
            property
                + "["
                + i
                + "]: "
                + (e.getMessage() == null ? "is incomplete" : e.getMessage()));
      }
    }
  }

  private static double orZero(Double value) {
    return value == null ? 0 : value;
  }

  private void checkRate(String property, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      problems.add(property + ": '" + rate + "' must be between 0 and 1, e.g. 0.25");
    }
  }

  private List<PathPattern> paths(String prefix, List<String> paths) {
    if (paths == null || paths.isEmpty()) {
      problems.add(
          prefix
              + ".paths: is missing; list the Spring path patterns the route claims, e.g. [/trips/**]");
      return List.of();
    }
    List<PathPattern> patterns = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      String path = paths.get(i);
      String property = prefix + ".paths[" + i + "]";
      if (path == null || !path.startsWith("/")) {
        problems.add(
            property + ": '" + path + "' must be a path pattern starting with '/', e.g. /trips/**");
        continue;
      }
      if (FicusPaths.reserved(path)) {
        problems.add(
            property
                + ": '"
                + path
                + "' is under /ficus, where Ficus keeps its own endpoints (admin API, console,"
                + " actuator); a route cannot claim it");
        continue;
      }
      try {
        patterns.add(parser.parse(path));
      } catch (PatternParseException e) {
        problems.add(property + ": '" + path + "' is not a Spring path pattern: " + e.getMessage());
      }
    }
    return patterns;
  }

  private Set<HttpMethod> methods(String prefix, List<String> methods) {
    Set<HttpMethod> result = new LinkedHashSet<>();
    if (methods == null) {
      return result;
    }
    for (int i = 0; i < methods.size(); i++) {
      String method =
          methods.get(i) == null ? "" : methods.get(i).trim().toUpperCase(java.util.Locale.ROOT);
      if (METHODS.contains(method)) {
        result.add(HttpMethod.valueOf(method));
      } else {
        problems.add(
            prefix
                + ".methods["
                + i
                + "]: '"
                + methods.get(i)
                + "' is not an HTTP method; use "
                + String.join(", ", new java.util.TreeSet<>(METHODS)));
      }
    }
    return result;
  }

  private Stage mode(String prefix, String mode) {
    if (mode == null || mode.isBlank()) {
      return Stage.LEGACY;
    }
    return Stage.parse(mode)
        .orElseGet(
            () -> {
              problems.add(
                  prefix + ".mode: '" + mode + "' is not a mode; use one of " + Stage.choices());
              return Stage.LEGACY;
            });
  }

  private Optional<URI> baseUri(String property, String value, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        problems.add(
            property + ": is missing; give the upstream's base URI, e.g. http://127.0.0.1:8081");
      }
      return Optional.empty();
    }
    try {
      URI uri = new URI(value.trim());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        problems.add(
            property
                + ": '"
                + value
                + "' must be an http or https URI with a host, e.g. http://127.0.0.1:8081");
        return Optional.empty();
      }
      if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !"/".equals(uri.getRawPath()))
          || uri.getRawQuery() != null) {
        problems.add(
            property
                + ": '"
                + value
                + "' has a path or query; give only scheme, host and port "
                + "(requests keep their own path)");
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      problems.add(
          property
              + ": '"
              + value
              + "' is not a URI ("
              + e.getReason()
              + "); e.g. http://127.0.0.1:8081");
      return Optional.empty();
    }
  }

  private void checkTimeout(String property, Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      problems.add(property + ": '" + timeout + "' must be a positive duration, e.g. 2s or 500ms");
    }
  }

  /**
   * Two routes may claim the same request only when one is clearly preferred: its path pattern is
   * more specific, or, at equal specificity, it names methods and the other does not.
   */
  private void checkPrecedence(List<MigrationRoute> routes) {
    for (int a = 0; a < routes.size(); a++) {
      for (int b = a + 1; b < routes.size(); b++) {
        MigrationRoute first = routes.get(a);
        MigrationRoute second = routes.get(b);
        if (!methodsOverlap(first, second)
            || first.methods().isEmpty() != second.methods().isEmpty()) {
          continue;
        }
        for (PathPattern p : first.paths()) {
          for (PathPattern q : second.paths()) {
            if (PathPattern.SPECIFICITY_COMPARATOR.compare(p, q) == 0
                && mayMatchTheSamePath(p, q)) {
              problems.add(
                  "ficus.routes: '"
                      + first.id()
                      + "' ("
                      + p.getPatternString()
                      + ") and '"
                      + second.id()
                      + "' ("
                      + q.getPatternString()
                      + ") claim the same requests with no clear "
                      + "precedence; make one path more specific, or split their methods");
            }
          }
        }
      }
    }
  }

  private static boolean methodsOverlap(MigrationRoute first, MigrationRoute second) {
    return first.methods().isEmpty()
        || second.methods().isEmpty()
        || first.methods().stream().anyMatch(second.methods()::contains);
  }

  private static boolean mayMatchTheSamePath(PathPattern p, PathPattern q) {
    return p.matches(org.springframework.http.server.PathContainer.parsePath(sample(q)))
        || q.matches(org.springframework.http.server.PathContainer.parsePath(sample(p)));
  }

  /**
   * A concrete path the pattern matches, with every variable and wildcard standing for one segment.
   */
  private static String sample(PathPattern pattern) {
    return pattern
        .getPatternString()
        .replaceAll("\\{\\*[^}]*}", "x")
        .replaceAll("\\{[^}]*}", "x")
        .replace("**", "x")
        .replace("*", "x")
        .replace("?", "x");
  }

  private void checkTraceUrl(String template) {
    if (template == null || template.isBlank()) {
      return;
    }
    String property = "ficus.console.trace-url";
    if (!template.contains("{traceId}")) {
      problems.add(
          property
              + ": '"
              + template
              + "' has no {traceId}; give the link to one trace with {traceId} where its id goes,"
              + " e.g. http://zipkin:9411/zipkin/traces/{traceId}");
      return;
    }
    try {
      URI uri = new URI(template.replace("{traceId}", "0"));
      if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
          || uri.getHost() == null) {
        throw new URISyntaxException(template, "not an absolute http(s) URL");
      }
    } catch (URISyntaxException e) {
      problems.add(
          property
              + ": '"
              + template
              + "' is not an absolute http(s) URL; e.g. http://zipkin:9411/zipkin/traces/{traceId}");
    }
  }

  /** The addresses a user id is read from: a Java regular expression, when set. */
  private void checkTrustedProxies(String regex) {
    if (regex == null) {
      return;
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      problems.add(
          "ficus.identity.trusted-proxies: '"
              + regex
              + "' is not a Java regular expression of addresses ("
              + e.getDescription()
              + "); e.g. 10\\.0\\.0\\.\\d+|127\\.0\\.0\\.1");
    }
  }
}
