package dev.ficus.replay.engine;

import dev.ficus.compare.ExchangeComparator;
import dev.ficus.compare.Side;
import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.compare.analysis.RouteStatistics;
import dev.ficus.compare.analysis.Verdict;
import dev.ficus.compare.analysis.VerdictPolicy;
import dev.ficus.compare.capture.CapturedExchange;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.noise.NoiseLearner;
import dev.ficus.compare.operation.OperationClassifier;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.compare.outcome.SkipReason;
import dev.ficus.compare.rules.CompareRules;
import dev.ficus.replay.config.ReplayConfig;
import dev.ficus.replay.source.ExchangeSource;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Replays exchanges: sends each request to the new side (and, in live mode, to legacy), compares
 * the answers under the route's rules, and adds the outcomes up per route. Never throws for a
 * single exchange: a failed call is a counted outcome.
 */
public final class Replayer {

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
  private static final int BAD_EXAMPLES = 20;

  private final ReplayConfig config;
  private final ReplayOptions options;
  private final HttpTarget fresh;
  private final HttpTarget legacy;
  private final Map<String, RouteRun> runs = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> filtered = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> readByRoute = new ConcurrentHashMap<>();
  private final List<String> badExamples = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong badLines = new AtomicLong();
  private final AtomicLong read = new AtomicLong();
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong mismatches = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  public Replayer(ReplayConfig config, ReplayOptions options) {
    this.config = config;
    this.options = options;
    long maxBody =
        Math.max(
            1 << 20,
            config.routes().stream()
                .mapToLong(ReplayConfig.RouteRules::maxBodyBytes)
                .max()
                .orElse(1 << 20));
    this.fresh =
        new HttpTarget(
            options.newUri(),
            options.concurrency() * 2,
            options.timeout(),
            maxBody,
            options.headers());
    this.legacy =
        options.legacyUri() == null
            ? null
            : new HttpTarget(
                options.legacyUri(),
                options.concurrency() * 2,
                options.timeout(),
                maxBody,
                options.headers());
  }

  /** Why each target cannot be reached; empty when all can. */
  public List<String> unreachableTargets() {
    List<String> problems = new ArrayList<>();
    String problem = fresh.unreachable();
    if (problem != null) {
      problems.add("--new " + fresh.base() + ": " + problem);
    }
    if (legacy != null && (problem = legacy.unreachable()) != null) {
      problems.add("--legacy " + legacy.base() + ": " + problem);
    }
    return problems;
  }

  /** Counts so far, for a progress display. */
  public record Snapshot(long read, long started, long done, long mismatches, long failures) {}

  public Snapshot snapshot() {
    return new Snapshot(read.get(), started.get(), done.get(), mismatches.get(), failures.get());
  }

  private static final class RouteRun {
    final ReplayConfig.RouteRules rules;
    final RouteStatistics statistics;
    final NoiseLearner noise = new NoiseLearner();
    final ExchangeComparator comparator;

    RouteRun(String id, ReplayConfig.RouteRules rules, CompareRules compareRules) {
      this.rules = rules;
      this.statistics = new RouteStatistics(id, 50);
      this.comparator = new ExchangeComparator(compareRules, noise);
    }
  }

  public ReplayResult run(ExchangeSource source) {
    Instant begin = Instant.now();
    long startNanos = System.nanoTime();
    Pacer pacer = new Pacer(options.rate(), options.speed());
    // Reading and parsing the captures stays on this thread, in order; each exchange that ends
    // starts the next one queued on its own thread.
    Slots<CapturedExchange> slots = new Slots<>(options.concurrency(), this::start);
    try (Stream<ExchangeSource.Item> items = source.items(this::bad)) {
      Iterator<ExchangeSource.Item> iterator = items.iterator();
      while (options.limit() == 0 || started.get() < options.limit()) {
        ExchangeSource.Item item;
        try {
          if (!iterator.hasNext()) {
            break;
          }
          item = iterator.next();
        } catch (UncheckedIOException e) {
          bad(e.getMessage());
          break;
        }
        read.incrementAndGet();
        readByRoute
            .computeIfAbsent(routeId(item.captured().exchange()), k -> new LongAdder())
            .increment();
        String reason = filter(item.captured());
        if (reason != null) {
          filtered.computeIfAbsent(reason, k -> new LongAdder()).increment();
          continue;
        }
        pacer.await(item.captured().exchange().time());
        started.incrementAndGet();
        slots.offer(item.captured());
      }
    }
    slots.awaitAll();
    fresh.close();
    if (legacy != null) {
      legacy.close();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    VerdictPolicy policy = policy();
    List<ReplayResult.RouteResult> routes = new ArrayList<>();
    runs.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry -> {
              RouteRun run = entry.getValue();
              RouteReport report = run.statistics.report(policy, run.noise, 10);
              routes.add(
                  new ReplayResult.RouteResult(
                      report,
                      run.statistics.recentMismatches(50, run.noise),
                      passes(report.verdict(), options.allowInsufficientData())));
            });
    Map<String, Long> filteredCounts = new LinkedHashMap<>();
    filtered.forEach((reason, count) -> filteredCounts.put(reason, count.sum()));
    Map<String, Long> readCounts = new java.util.TreeMap<>();
    readByRoute.forEach((route, count) -> readCounts.put(route, count.sum()));
    return new ReplayResult(
        begin,
        took,
        legacy == null ? "recorded" : "live",
        options.newUri(),
        options.legacyUri(),
        source.files().stream().map(Path::toString).toList(),
        read.get(),
        readCounts,
        started.get(),
        filteredCounts,
        badLines.get(),
        List.copyOf(badExamples),
        policy.maxMismatchRate(),
        routes);
  }

  /**
   * The pass rule is the verdict: a route passes when it is READY, or, with {@code
   * --allow-insufficient-data}, when the evidence is not yet enough either way. NOT_READY never
   * passes.
   */
  static boolean passes(Verdict verdict, boolean allowInsufficientData) {
    return switch (verdict.status()) {
      case READY -> true;
      case INSUFFICIENT_DATA -> allowInsufficientData;
      case NOT_READY -> false;
    };
  }

  /** The config's verdict policy, with the run's own mismatch-rate threshold where one is given. */
  private VerdictPolicy policy() {
    VerdictPolicy configured = config.policy();
    return options.maxMismatchRate() == null
        ? configured
        : new VerdictPolicy(
            configured.minComparisons(),
            options.maxMismatchRate(),
            configured.maxLatencyEffect(),
            configured.maxErrorRateIncrease(),
            configured.confidence());
  }

  private void bad(String problem) {
    if (badLines.incrementAndGet() <= BAD_EXAMPLES) {
      badExamples.add(problem);
    }
  }

  private String filter(CapturedExchange captured) {
    RecordedExchange exchange = captured.exchange();
    String method = exchange.request().method();
    if (!options.routes().isEmpty() && !options.routes().contains(routeId(exchange))) {
      return "route";
    }
    if (!options.methods().isEmpty() && !options.methods().contains(method)) {
      return "method";
    }
    if (!options.includeWrites() && !SAFE.contains(method) && !declaredRead(exchange)) {
      return "write (use --include-writes)";
    }
    if (options.path() != null && !options.path().matches(Path.of(exchange.request().path()))) {
      return "path";
    }
    return null;
  }

  /**
   * Whether the route declares the request a read (a SOAP operation, a GraphQL query, a JSON-RPC
   * method, a read request), as the gateway shadows it: replayed without {@code --include-writes}.
   */
  private boolean declaredRead(RecordedExchange exchange) {
    return config
        .route(routeId(exchange), exchange.request().method(), exchange.request().path())
        .map(
            route ->
                OperationClassifier.classify(
                        route.reads(),
                        exchange.request().method(),
                        exchange.request().path(),
                        name -> {
                          java.util.List<String> values = exchange.request().headers().get(name);
                          return values == null || values.isEmpty() ? null : values.get(0);
                        },
                        exchange.request().body().bytes(),
                        exchange.request().body().length())
                    .read())
        .orElse(false);
  }

  private String routeId(RecordedExchange exchange) {
    if (exchange.routeId() != null) {
      return exchange.routeId();
    }
    return config
        .route(null, exchange.request().method(), exchange.request().path())
        .map(ReplayConfig.RouteRules::id)
        .orElse("unrouted");
  }

  private RouteRun run(RecordedExchange exchange) {
    String id = routeId(exchange);
    return runs.computeIfAbsent(
        id,
        key -> {
          ReplayConfig.RouteRules rules =
              config
                  .route(key, exchange.request().method(), exchange.request().path())
                  .orElse(null);
          return new RouteRun(key, rules, config.rules(rules, legacy == null));
        });
  }

  private CompletableFuture<Void> start(CapturedExchange captured) {
    try {
      return replay(captured);
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      done.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    }
  }

  private CompletableFuture<Void> replay(CapturedExchange captured) {
    RecordedExchange recorded = captured.exchange();
    RouteRun run = run(recorded);
    RecordedRequest request = recorded.request();
    CompletableFuture<RecordedResponse> newAnswer = fresh.send(request);
    CompletableFuture<RecordedResponse> legacyAnswer =
        legacy == null
            ? CompletableFuture.completedFuture(recorded.legacy())
            : legacy.send(request);
    boolean learn =
        legacy != null
            && run.rules != null
            && run.rules.noiseDetection()
            && SAFE.contains(request.method())
            && ThreadLocalRandom.current().nextDouble() < run.rules.noiseSampleRate();
    CompletableFuture<RecordedResponse> secondLegacy =
        learn ? legacy.send(request) : CompletableFuture.completedFuture(null);
    return CompletableFuture.allOf(newAnswer, legacyAnswer, secondLegacy)
        .handle(
            (ignored, error) -> {
              try {
                compare(run, recorded, legacyAnswer.join(), newAnswer.join(), secondLegacy.join());
              } catch (RuntimeException e) {
                failures.incrementAndGet();
                run.statistics.recordSkipped(SkipReason.NOT_COMPARABLE);
              } finally {
                done.incrementAndGet();
              }
              return null;
            });
  }

  private void compare(
      RouteRun run,
      RecordedExchange recorded,
      RecordedResponse legacyAnswer,
      RecordedResponse newAnswer,
      RecordedResponse secondLegacy) {
    RouteStatistics statistics = run.statistics;
    statistics.recordCall(Side.NEW, newAnswer);
    if (newAnswer.isError()) {
      failures.incrementAndGet();
    }
    if (legacyAnswer == null) {
      statistics.recordSkipped(SkipReason.NO_RECORDED_ANSWER);
      return;
    }
    statistics.recordCall(Side.LEGACY, legacyAnswer);
    if (secondLegacy != null) {
      run.comparator.learnNoise(legacyAnswer, secondLegacy);
    }
    RecordedExchange exchange =
        new RecordedExchange(
            recorded.request(),
            legacyAnswer,
            newAnswer,
            statistics.route(),
            Side.LEGACY,
            recorded.userHash(),
            recorded.traceId(),
            recorded.time() == null ? Instant.now() : recorded.time());
    Outcome outcome = run.comparator.compare(exchange);
    if (outcome.kind() == Outcome.Kind.MISMATCH) {
      mismatches.incrementAndGet();
    }
    statistics.recordOutcome(exchange, outcome);
  }
}
