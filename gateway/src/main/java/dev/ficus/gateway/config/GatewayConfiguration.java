package dev.ficus.gateway.config;

import dev.ficus.compare.analysis.VerdictPolicy;
import dev.ficus.flags.FlagsFileException;
import dev.ficus.flags.RolloutFlags;
import dev.ficus.flags.Stage;
import dev.ficus.flags.UnleashServer;
import dev.ficus.gateway.admin.RouteViews;
import dev.ficus.gateway.autopilot.Autopilot;
import dev.ficus.gateway.capture.CaptureRecorder;
import dev.ficus.gateway.dualwrite.DualWriter;
import dev.ficus.gateway.fleet.EvidenceStorage;
import dev.ficus.gateway.fleet.FlagSourceHealth;
import dev.ficus.gateway.fleet.FleetControl;
import dev.ficus.gateway.observe.EvidenceRegistry;
import dev.ficus.gateway.observe.RequestTracing;
import dev.ficus.gateway.observe.RouteEvidence;
import dev.ficus.gateway.resilience.FallbackFilter;
import dev.ficus.gateway.route.IdentityReader;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.route.RolloutDecider;
import dev.ficus.gateway.route.RolloutFilter;
import dev.ficus.gateway.route.RouteTable;
import dev.ficus.gateway.route.UpstreamRoutingFilter;
import dev.ficus.gateway.shadow.ShadowClient;
import dev.ficus.gateway.shadow.ShadowDispatcher;
import dev.ficus.gateway.shadow.ShadowFilter;
import dev.ficus.gateway.support.FicusPaths;
import io.getunleash.FakeUnleash;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Flux;

/** Wires the validated configuration into Spring Cloud Gateway routes. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

  private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

  @Bean
  RouteTable routeTable(FicusProperties properties, ConfigurableEnvironment environment) {
    return RouteTableFactory.build(properties, UnknownKeys.in(environment));
  }

  @Bean(destroyMethod = "close")
  RolloutFlags rolloutFlags(FicusProperties properties, RouteTable table) {
    FicusProperties.Unleash unleash = properties.flags().unleash();
    if (unleash != null && unleash.url() != null && !unleash.url().isBlank()) {
      return RolloutFlags.fromServer(unleashServer(unleash));
    }
    Path file = Path.of(properties.flags().file());
    boolean needed = table.routes().stream().anyMatch(route -> route.mode() == Stage.CANARY);
    boolean flagged = table.routes().stream().anyMatch(route -> route.flag() != null);
    if (!needed && !Files.exists(file)) {
      if (!flagged) {
        return RolloutFlags.of(new FakeUnleash());
      }
      createEmptyFlagsFile(file);
    }
    try {
      return RolloutFlags.fromFile(file);
    } catch (FlagsFileException e) {
      throw new InvalidConfigurationException(
          "ficus.flags.file: "
              + e.getMessage()
              + (needed ? " (a route in canary mode needs it)" : "")
              + "; or set ficus.flags.unleash.url to use an Unleash server");
    }
  }

  /**
   * A route with a flag can have its stage changed live, which is written into the flags file: an
   * empty one is made when there is none yet.
   */
  private static void createEmptyFlagsFile(Path file) {
    try {
      Files.writeString(file, "{\"version\": 2, \"features\": []}\n");
      log.info(
          "Created the flags file {} (no flags yet): live stage changes of routes are written there",
          file.toAbsolutePath());
    } catch (java.io.IOException e) {
      throw new InvalidConfigurationException(
          "ficus.flags.file: "
              + file
              + " does not exist and cannot be created ("
              + e.getMessage()
              + "); routes with a flag keep their stage there");
    }
  }

  private static UnleashServer unleashServer(FicusProperties.Unleash unleash) {
    List<String> problems = new ArrayList<>();
    try {
      URI url = new URI(unleash.url());
      if (url.getHost() == null || !url.getScheme().startsWith("http")) {
        problems.add(
            "ficus.flags.unleash.url: '"
                + unleash.url()
                + "' must be the client API's http URL, e.g. http://127.0.0.1:4242/api");
      }
    } catch (Exception e) {
      problems.add(
          "ficus.flags.unleash.url: '"
              + unleash.url()
              + "' is not a URI; e.g. http://127.0.0.1:4242/api");
    }
    if (unleash.apiToken() == null || unleash.apiToken().isBlank()) {
      problems.add(
          "ficus.flags.unleash.api-token: is missing; give a client API token of the Unleash server");
    }
    java.net.URI adminBase = null;
    if (unleash.adminUrl() != null && !unleash.adminUrl().isBlank()) {
      try {
        adminBase = new URI(unleash.adminUrl().replaceAll("/*$", "/"));
        if (adminBase.getHost() == null || !adminBase.getScheme().startsWith("http")) {
          throw new java.net.URISyntaxException(unleash.adminUrl(), "not an http URL");
        }
      } catch (java.net.URISyntaxException | RuntimeException e) {
        problems.add(
            "ficus.flags.unleash.admin-url: '"
                + unleash.adminUrl()
                + "' must be the server's http root, e.g. http://127.0.0.1:4242");
      }
    }
    if (unleash.refreshInterval().toSeconds() < 1) {
      problems.add(
          "ficus.flags.unleash.refresh-interval: '"
              + unleash.refreshInterval()
              + "' must be at least 1s");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return new UnleashServer(
        unleash.url(),
        unleash.apiToken(),
        unleash.appName(),
        unleash.refreshInterval().toSeconds(),
        Path.of(unleash.backupFile()),
        unleash.adminToken(),
        adminBase,
        unleash.project(),
        unleash.environment());
  }

  @Bean
  RolloutDecider rolloutDecider(RolloutFlags flags) {
    return new RolloutDecider(flags);
  }

  @Bean
  VerdictPolicy verdictPolicy(FicusProperties properties) {
    FicusProperties.Verdict verdict = properties.verdict();
    List<String> problems = new ArrayList<>();
    if (verdict.minComparisons() < 1) {
      problems.add(
          "ficus.verdict.min-comparisons: '" + verdict.minComparisons() + "' must be at least 1");
    }
    if (!(verdict.maxMismatchRate() >= 0 && verdict.maxMismatchRate() <= 1)) {
      problems.add(
          "ficus.verdict.max-mismatch-rate: '"
              + verdict.maxMismatchRate()
              + "' must be between 0 and 1, e.g. 0.01 for 1%");
    }
    if (!(verdict.maxLatencyEffect() >= 0.5 && verdict.maxLatencyEffect() <= 1)) {
      problems.add(
          "ficus.verdict.max-latency-effect: '"
              + verdict.maxLatencyEffect()
              + "' must be between 0.5 (the new side never slower) and 1 (latency not judged),"
              + " e.g. 0.64");
    }
    if (!(verdict.confidence() >= 0.5 && verdict.confidence() < 1)) {
      problems.add(
          "ficus.verdict.confidence: '"
              + verdict.confidence()
              + "' must be at least 0.5 and below 1, e.g. 0.95");
    }
    if (!(verdict.maxErrorRateIncrease() >= 0 && verdict.maxErrorRateIncrease() <= 1)) {
      problems.add(
          "ficus.verdict.max-error-rate-increase: '"
              + verdict.maxErrorRateIncrease()
              + "' must be between 0 and 1");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return new VerdictPolicy(
        verdict.minComparisons(),
        verdict.maxMismatchRate(),
        verdict.maxLatencyEffect(),
        verdict.maxErrorRateIncrease(),
        verdict.confidence());
  }

  @Bean(destroyMethod = "close")
  FleetControl fleetControl(RouteTable table, RolloutFlags flags, MeterRegistry meters) {
    return new FleetControl(table, flags, meters, java.time.Clock.systemUTC());
  }

  /** Named so, it is the {@code flags} entry of the health groups (readiness includes it). */
  @Bean
  FlagSourceHealth flagsHealthIndicator(FleetControl fleet) {
    return new FlagSourceHealth(fleet);
  }

  @Bean
  EvidenceRegistry evidenceRegistry(
      RouteTable table,
      VerdictPolicy policy,
      MeterRegistry meters,
      FleetControl fleet,
      EvidenceStorage storage,
      dev.ficus.compare.capture.Redaction redaction) {
    return new EvidenceRegistry(
        table,
        policy,
        meters,
        fleet,
        storage.writer(),
        storage.replica(),
        storage.instance(),
        redaction);
  }

  @Bean
  RouteViews routeViews(EvidenceRegistry evidence, FleetControl fleet, Autopilot autopilot) {
    return new RouteViews(evidence, fleet, autopilot::view);
  }

  @Bean(destroyMethod = "close")
  ShadowClient shadowClient(RouteTable table) {
    int connections =
        table.routes().stream().mapToInt(route -> route.shadow().maxInFlight() * 2).sum();
    return new ShadowClient(Math.max(16, connections));
  }

  /**
   * The dispatcher closes before the capture recorder and the evidence store it depends on, so
   * shadows in flight at shutdown are recorded and written.
   */
  @Bean(destroyMethod = "close")
  ShadowDispatcher shadowDispatcher(
      ShadowClient client,
      RouteTable table,
      RequestTracing tracing,
      CaptureRecorder capture,
      EvidenceStorage evidence) {
    return new ShadowDispatcher(client, table.legacyUri(), 2, 4096, tracing, capture);
  }

  /**
   * Stage dual-write's writes to the new side and read-backs; it closes before the shadow client it
   * calls through, counting read-backs still pending as abandoned.
   */
  @Bean(destroyMethod = "close")
  DualWriter dualWriter(
      ShadowClient client, EvidenceRegistry evidence, RouteTable table, RequestTracing tracing) {
    return new DualWriter(client, evidence, table.legacyUri(), tracing);
  }

  /**
   * One gateway route per path pattern of every migrated route, the most specific first (a route
   * naming its methods before one that does not), then the legacy catch-all.
   */
  @Bean
  RouteLocator migrationRoutes(
      RouteTable table,
      IdentityReader identity,
      RolloutDecider decider,
      FicusProperties properties,
      EvidenceRegistry evidence,
      ShadowDispatcher dispatcher,
      DualWriter dualWriter,
      CaptureRecorder capture) {
    record Claim(MigrationRoute route, PathPattern pattern, int position) {}
    List<Claim> claims = new ArrayList<>();
    for (MigrationRoute route : table.routes()) {
      for (PathPattern pattern : route.paths()) {
        claims.add(new Claim(route, pattern, claims.size()));
      }
    }
    claims.sort(
        Comparator.comparing(Claim::pattern, PathPattern.SPECIFICITY_COMPARATOR)
            .thenComparing(claim -> claim.route().methods().isEmpty())
            .thenComparingInt(Claim::position));
    List<Route> routes = new ArrayList<>();
    for (int order = 0; order < claims.size(); order++) {
      Claim claim = claims.get(order);
      RouteEvidence routeEvidence = evidence.route(claim.route().id()).orElseThrow();
      ShadowFilter shadow =
          new ShadowFilter(routeEvidence, dispatcher, dualWriter, identity, capture);
      routes.add(
          gatewayRoute(
              claim.route(),
              claim.pattern(),
              order,
              table,
              identity,
              decider,
              properties,
              routeEvidence,
              shadow));
    }
    for (MigrationRoute route : table.routes()) {
      log.info(
          "Route {}: {}{} at stage {}{}, new side {}",
          route.id(),
          route.paths(),
          route.methods().isEmpty() ? "" : " " + route.methods(),
          evidence.route(route.id()).orElseThrow().control().current(),
          route.flag() == null ? " (configured; no flag)" : " (flag " + route.flag() + ")",
          route.newUri());
    }
    log.info("Every other request goes to legacy at {}", table.legacyUri());
    MigrationRoute catchAll = table.catchAll();
    routes.add(
        gatewayRoute(
            catchAll,
            catchAll.paths().get(0),
            Integer.MAX_VALUE,
            table,
            identity,
            decider,
            properties,
            null,
            null));
    return () -> Flux.fromIterable(routes);
  }

  private static Route gatewayRoute(
      MigrationRoute route,
      PathPattern pattern,
      int order,
      RouteTable table,
      IdentityReader identity,
      RolloutDecider decider,
      FicusProperties properties,
      RouteEvidence routeEvidence,
      ShadowFilter shadow) {
    Route.AsyncBuilder builder =
        Route.async()
            .id(
                route.paths().size() == 1
                    ? route.id()
                    : route.id() + "[" + pattern.getPatternString() + "]")
            .uri(table.legacyUri())
            .order(order)
            .predicate(
                exchange -> {
                  PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
                  return !FicusPaths.reserved(path.value())
                      && (route.methods().isEmpty()
                          || route.methods().contains(exchange.getRequest().getMethod()))
                      && pattern.matches(path);
                })
            .filter(
                new RolloutFilter(
                    route,
                    routeEvidence == null ? null : routeEvidence.control(),
                    identity,
                    decider,
                    properties.preserveHost(),
                    properties.debugHeaders(),
                    routeEvidence == null ? null : routeEvidence.guard()))
            .metadata(UpstreamRoutingFilter.RESPONSE_TIMEOUT, route.responseTimeout())
            .metadata(UpstreamRoutingFilter.CONNECT_TIMEOUT, route.connectTimeout());
    if (shadow != null) {
      builder.filter(shadow);
      builder.filter(
          new FallbackFilter(route, routeEvidence, routeEvidence.guard(), table.legacyUri()));
    }
    return builder.build();
  }
}
