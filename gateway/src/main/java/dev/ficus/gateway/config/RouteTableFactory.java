package dev.ficus.gateway.config;

import dev.ficus.compare.config.ReadChecks;
import dev.ficus.compare.config.RouteChecks;
import dev.ficus.compare.operation.ReadDeclaration;
import dev.ficus.compare.rules.CompareRules;
import dev.ficus.flags.Stage;
import dev.ficus.gateway.autopilot.AutopilotSettings;
import dev.ficus.gateway.dualwrite.DualWriteSettings;
import dev.ficus.gateway.route.CaptureSettings;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.ResilienceSettings;
import dev.ficus.gateway.route.RouteTable;
import dev.ficus.gateway.route.ShadowSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Checks {@code ficus.*} as a whole and builds the {@link RouteTable}. Every problem is collected,
 * so one start-up reports them all, each naming the property, the bad value and what would be
 * valid. The checks a replay of the same file applies too live in {@link RouteChecks}.
 */
final class RouteTableFactory {

  private final PathPatternParser parser = new PathPatternParser();
  private final List<String> problems = new ArrayList<>();
  private final RouteChecks checks = new RouteChecks(problems);

  /**
   * @param unknownKeys problems already found with the keys themselves, reported with the rest
   */
  static RouteTable build(FicusProperties properties, List<String> unknownKeys) {
    RouteTableFactory factory = new RouteTableFactory();
    factory.problems.addAll(unknownKeys);
    return factory.table(properties);
  }

  private RouteTable table(FicusProperties properties) {
    URI legacy = checks.baseUri("ficus.legacy.uri", properties.legacy().uri(), true).orElse(null);
    if (properties.identity().header() == null || properties.identity().header().isBlank()) {
      problems.add(
          "ficus.identity.header: must name the header holding the user id, e.g. X-User-Id");
    }
    checks.trustedProxies(properties.identity().trustedProxies());
    List<MigrationRoute> routes = new ArrayList<>();
    for (int i = 0; i < properties.routes().size(); i++) {
      route(
              "ficus.routes[" + i + "]",
              properties.routes().get(i),
              properties.timeout(),
              properties.capture())
          .ifPresent(routes::add);
    }
    checkPrecedence(routes);
    checks.traceUrl(properties.console().traceUrl());
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
            AutopilotSettings.off(),
            null);
    return new RouteTable(legacy, routes, catchAll);
  }

  private Optional<MigrationRoute> route(
      String prefix,
      RouteProperties route,
      FicusProperties.Timeouts defaults,
      FicusProperties.Capture captureDefaults) {
    int before = problems.size();
    String id = route.id();
    checks.id(prefix, id);
    List<PathPattern> paths = checks.paths(prefix, route.paths(), parser::parse);
    Set<HttpMethod> methods = methods(prefix, route.methods());
    String modeName = checks.mode(prefix, route.mode());
    Stage mode = Stage.parse(modeName).orElseThrow();
    URI newUri = checks.newUri(prefix, modeName, route.newUri()).orElse(null);
    String flag = checks.flag(prefix, modeName, route.flag());
    FicusProperties.Timeouts timeout = route.timeout() == null ? defaults : route.timeout();
    checks.timeout(prefix + ".timeout.connect", timeout.connect());
    checks.timeout(prefix + ".timeout.response", timeout.response());
    AutopilotSettings autopilot =
        AutopilotSettings.of(prefix, route.autopilot(), flag, newUri, problems);
    java.util.function.Consumer<CompareRules.Builder> rules = ruleChecks(prefix, route.compare());
    ShadowSettings shadow =
        shadow(prefix, newUri, route.shadow(), route.compare(), rules, autopilot.enabled());
    ResilienceSettings resilience = resilience(prefix, route);
    CaptureSettings capture = capture(prefix, route.capture(), captureDefaults);
    DualWriteSettings dualWrite = dualWrite(prefix, modeName, route.dualWrite(), rules);
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
            autopilot,
            dualWrite));
  }

  /** The route's {@code dual-write} settings, needed to start in (or step to) that stage. */
  private DualWriteSettings dualWrite(
      String prefix,
      String mode,
      RouteProperties.DualWrite dualWrite,
      java.util.function.Consumer<CompareRules.Builder> routeRules) {
    if (dualWrite == null) {
      if ("dual-write".equals(mode)) {
        problems.add(
            prefix
                + ".dual-write: is missing; mode dual-write needs dual-write.read-back, the path"
                + " that reads a written entity back, e.g. /trips/{id}");
      }
      return null;
    }
    String readBack = dualWrite.readBack() == null ? null : dualWrite.readBack().trim();
    if (readBack == null || readBack.isEmpty()) {
      problems.add(
          prefix
              + ".dual-write.read-back: is missing; give the path that reads a written entity"
              + " back, {id} standing for its id, e.g. /trips/{id}");
    } else if (!readBack.startsWith("/") || !readBack.contains(DualWriteSettings.ID_PLACEHOLDER)) {
      problems.add(
          prefix
              + ".dual-write.read-back: '"
              + readBack
              + "' must be a path starting with '/' holding {id}, e.g. /trips/{id}");
    }
    String id = dualWrite.id() == null || dualWrite.id().isBlank() ? null : dualWrite.id().trim();
    CompareRules.Builder rules = CompareRules.custom();
    if (id != null) {
      try {
        rules.ignore(id);
      } catch (IllegalArgumentException e) {
        problems.add(
            prefix
                + ".dual-write.id: '"
                + id
                + "' is not a JSON Pointer or XML element path, e.g. /id or /trip/id: "
                + e.getMessage());
      }
    }
    if (dualWrite.delay() == null || dualWrite.delay().isNegative()) {
      problems.add(
          prefix + ".dual-write.delay: '" + dualWrite.delay() + "' must be 0 or more, e.g. 1s");
    }
    if (dualWrite.attempts() < 1 || dualWrite.attempts() > 10) {
      problems.add(
          prefix
              + ".dual-write.attempts: '"
              + dualWrite.attempts()
              + "' must be a whole number from 1 to 10");
    }
    routeRules.accept(rules);
    return new DualWriteSettings(
        id,
        readBack,
        dualWrite.delay() == null ? java.time.Duration.ZERO : dualWrite.delay(),
        dualWrite.attempts(),
        dualWrite.readBackHeaders() == null ? java.util.Map.of() : dualWrite.readBackHeaders(),
        rules.build());
  }

  private CaptureSettings capture(
      String prefix, RouteProperties.RouteCapture route, FicusProperties.Capture defaults) {
    boolean enabled = route.enabled() == null ? defaults.enabled() : route.enabled();
    double rate = route.sampleRate() == null ? defaults.sampleRate() : route.sampleRate();
    if (route.sampleRate() != null) {
      checks.rate(prefix + ".capture.sample-rate", rate);
    }
    long maxBody = defaults.maxBodyBytes() == null ? 0 : defaults.maxBodyBytes().toBytes();
    return new CaptureSettings(enabled, rate, maxBody);
  }

  private ShadowSettings shadow(
      String prefix,
      URI newUri,
      RouteProperties.Shadow shadow,
      RouteProperties.Compare compare,
      java.util.function.Consumer<CompareRules.Builder> routeRules,
      boolean autopilot) {
    // Under the autopilot, users on new are compared against legacy too, so the evidence keeps
    // coming at every canary step.
    boolean reverse = Boolean.TRUE.equals(shadow.enabled()) || autopilot && newUri != null;
    checks.shadow(prefix, reverse, newUri != null);
    checks.rate(prefix + ".shadow.sample-rate", shadow.sampleRate());
    checks.rate(prefix + ".compare.noise-sample-rate", compare.noiseSampleRate());
    checks.atLeastOne(prefix + ".shadow.max-in-flight", shadow.maxInFlight());
    checks.maxBodyBytes(
        prefix + ".compare.max-body-bytes",
        compare.maxBodyBytes() == null ? null : compare.maxBodyBytes().toBytes(),
        compare.maxBodyBytes());
    CompareRules.Builder rules = CompareRules.custom();
    routeRules.accept(rules);
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

  /** The route's comparison rules, checked once: the shadow's and the dual write's share them. */
  private java.util.function.Consumer<CompareRules.Builder> ruleChecks(
      String prefix, RouteProperties.Compare compare) {
    java.util.function.Consumer<CompareRules.Builder> paths =
        checks.rules(
            prefix + ".compare",
            compare.ignore(),
            compare.tolerance() == null
                ? null
                : compare.tolerance().stream()
                    .map(t -> new RouteChecks.Tolerance(t.path(), t.absolute(), t.relative()))
                    .toList(),
            compare.unordered() == null
                ? null
                : compare.unordered().stream()
                    .map(u -> new RouteChecks.Unordered(u.path(), u.key()))
                    .toList(),
            compare.headers());
    return paths.andThen(
        builder ->
            builder
                .xmlComments(compare.xmlComments())
                .xmlProcessingInstructions(compare.xmlProcessingInstructions()));
  }

  /** The declared reads, checked as replay checks them. */
  private ReadDeclaration reads(String prefix, RouteProperties.Reads reads) {
    if (reads == null) {
      return ReadDeclaration.NONE;
    }
    return new ReadChecks(problems)
        .reads(
            prefix,
            reads.soapOperations(),
            reads.graphql(),
            reads.jsonRpcMethods(),
            reads.requests() == null
                ? null
                : reads.requests().stream()
                    .map(r -> r == null ? null : new ReadChecks.Request(r.method(), r.path()))
                    .toList(),
            reads.maxBodyBytes() == null ? null : reads.maxBodyBytes().toBytes());
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
    checks.timeout(
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
    checks.rate(prefix + ".guardrails.max-error-rate", guardrails.maxErrorRate());
    checks.rate(prefix + ".guardrails.max-mismatch-rate", guardrails.maxMismatchRate());
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

  private Set<HttpMethod> methods(String prefix, List<String> methods) {
    Set<HttpMethod> result = new LinkedHashSet<>();
    checks.methods(prefix, methods).forEach(method -> result.add(HttpMethod.valueOf(method)));
    return result;
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
}
