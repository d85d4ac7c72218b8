package dev.ficus.replay.config;

import dev.ficus.compare.analysis.VerdictPolicy;
import dev.ficus.compare.config.ReadChecks;
import dev.ficus.compare.config.RouteChecks;
import dev.ficus.compare.operation.ReadDeclaration;
import dev.ficus.compare.rules.CompareRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The parts of a gateway configuration file a replay needs: each route's paths, methods and
 * comparison rules, the verdict thresholds, and the redacted body paths. Read from the same YAML
 * file as the gateway's, so a route compares the same way live and in replay.
 *
 * @param routes the routes, in file order
 * @param policy the verdict thresholds ({@code ficus.verdict})
 * @param redactedBodyPaths {@code ficus.capture.redact.body-paths}, left out of comparisons against
 *     recorded answers (their recorded value is the redaction marker)
 */
public record ReplayConfig(
    List<RouteRules> routes, VerdictPolicy policy, List<String> redactedBodyPaths) {

  /** Comparison without a configuration file: default rules, default verdict. */
  public static ReplayConfig defaults() {
    return new ReplayConfig(List.of(), VerdictPolicy.ofDefaults(), List.of());
  }

  /**
   * One route's rules.
   *
   * @param id the route id
   * @param paths its path patterns
   * @param methods its methods; every method when empty
   * @param spec adds its comparison rules to a builder (they were checked when read)
   * @param noiseDetection whether legacy is called twice for a sample of safe requests (live mode)
   * @param noiseSampleRate the share of safe requests that are
   * @param maxBodyBytes bodies above this size are not compared
   * @param reads the route's requests that are reads though not GET, HEAD or OPTIONS, replayed
   *     without {@code --include-writes}
   */
  public record RouteRules(
      String id,
      List<PathPatterns> paths,
      Set<String> methods,
      Consumer<CompareRules.Builder> spec,
      boolean noiseDetection,
      double noiseSampleRate,
      long maxBodyBytes,
      ReadDeclaration reads) {

    public boolean claims(String method, String path) {
      return (methods.isEmpty() || methods.contains(method))
          && paths.stream().anyMatch(pattern -> pattern.matches(path));
    }
  }

  /**
   * The rules a route's answers are compared with: its own (default rules for a request no route
   * claims), plus, against recorded answers, the redacted body paths left out.
   */
  public CompareRules rules(RouteRules route, boolean againstRecorded) {
    CompareRules.Builder builder = CompareRules.custom();
    if (route != null) {
      route.spec().accept(builder);
    }
    if (againstRecorded) {
      redactedBodyPaths.forEach(builder::ignore);
    }
    return builder.build();
  }

  /** The route with this id, or the first whose patterns claim the request. */
  public Optional<RouteRules> route(String id, String method, String path) {
    if (id != null) {
      for (RouteRules route : routes) {
        if (route.id().equals(id)) {
          return Optional.of(route);
        }
      }
    }
    return routes.stream().filter(route -> route.claims(method, path)).findFirst();
  }

  /**
   * Reads a gateway configuration file.
   *
   * @throws ConfigException naming the file and every property that is wrong
   */
  public static ReplayConfig read(Path file) throws ConfigException {
    JsonNode root;
    String content;
    try {
      content = Files.readString(file);
      root = new YAMLMapper().readTree(content);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")");
    } catch (JacksonException e) {
      throw new ConfigException(file + ": is not YAML: " + e.getOriginalMessage());
    }
    List<String> problems = new ArrayList<>();
    problems.addAll(YamlKeys.unknown(content, file.getFileName().toString()));
    RouteChecks checks = new RouteChecks(problems);
    JsonNode ficus = field(root, "ficus");
    List<RouteRules> routes = new ArrayList<>();
    JsonNode routeList = field(ficus, "routes");
    if (routeList != null && !routeList.isArray()) {
      problems.add("ficus.routes: must be a list");
    } else if (routeList != null) {
      for (int i = 0; i < routeList.size(); i++) {
        route("ficus.routes[" + i + "]", routeList.get(i), checks).ifPresent(routes::add);
      }
    }
    VerdictPolicy policy = policy(field(ficus, "verdict"), problems);
    List<String> redacted =
        strings(
            field(field(field(ficus, "capture"), "redact"), "body-paths"),
            "ficus.capture.redact.body-paths",
            problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(file + ":\n  " + String.join("\n  ", problems));
    }
    return new ReplayConfig(routes, policy, redacted);
  }

  /**
   * One route, checked by the gateway's own {@link RouteChecks}, so that a route the gateway would
   * refuse is refused here with the same message.
   */
  private static Optional<RouteRules> route(String prefix, JsonNode node, RouteChecks checks) {
    List<String> problems = checks.problems();
    int before = problems.size();
    String id = text(field(node, "id"));
    checks.id(prefix, id);
    List<PathPatterns> paths =
        checks.paths(
            prefix,
            strings(field(node, "paths"), prefix + ".paths", problems),
            PathPatterns::parse);
    Set<String> methods =
        Set.copyOf(
            checks.methods(prefix, strings(field(node, "methods"), prefix + ".methods", problems)));
    String mode = checks.mode(prefix, text(field(node, "mode")));
    String newUri = text(field(node, "new-uri"));
    // A placeholder without a default, such as ${NEW_URI}, is the gateway's environment's to fill.
    boolean hasNewUri =
        newUri != null && newUri.contains("${") || checks.newUri(prefix, mode, newUri).isPresent();
    checks.flag(prefix, mode, text(field(node, "flag")));
    JsonNode shadow = field(node, "shadow");
    checks.shadow(prefix, bool(field(shadow, "enabled"), false), hasNewUri);
    checkRate(checks, prefix + ".shadow.sample-rate", number(field(shadow, "sample-rate")));
    Double inFlight = number(field(shadow, "max-in-flight"));
    if (inFlight != null) {
      checks.atLeastOne(prefix + ".shadow.max-in-flight", inFlight.intValue());
    }
    checkRate(
        checks,
        prefix + ".capture.sample-rate",
        number(field(field(node, "capture"), "sample-rate")));
    JsonNode compare = field(node, "compare");
    List<RouteChecks.Tolerance> tolerances = new ArrayList<>();
    for (JsonNode tolerance : list(field(compare, "tolerance"))) {
      tolerances.add(
          new RouteChecks.Tolerance(
              text(field(tolerance, "path")),
              number(field(tolerance, "absolute")),
              number(field(tolerance, "relative"))));
    }
    List<RouteChecks.Unordered> unordered = new ArrayList<>();
    for (JsonNode array : list(field(compare, "unordered"))) {
      unordered.add(
          new RouteChecks.Unordered(text(field(array, "path")), text(field(array, "key"))));
    }
    Consumer<CompareRules.Builder> spec =
        checks.rules(
            prefix + ".compare",
            strings(field(compare, "ignore"), prefix + ".compare.ignore", problems),
            tolerances,
            unordered,
            strings(field(compare, "headers"), prefix + ".compare.headers", problems));
    boolean xmlComments = bool(field(compare, "xml-comments"), false);
    boolean xmlInstructions = bool(field(compare, "xml-processing-instructions"), false);
    spec =
        spec.andThen(
            builder -> builder.xmlComments(xmlComments).xmlProcessingInstructions(xmlInstructions));
    boolean noise = bool(field(compare, "noise-detection"), false);
    Double noiseRate = number(field(compare, "noise-sample-rate"));
    double rate = noiseRate == null ? 0.1 : noiseRate;
    checks.rate(prefix + ".compare.noise-sample-rate", rate);
    long maxBody = 1 << 20;
    String size = text(field(compare, "max-body-bytes"));
    if (size != null) {
      try {
        maxBody = DataSizes.parse(size);
        checks.maxBodyBytes(prefix + ".compare.max-body-bytes", maxBody, size);
      } catch (IllegalArgumentException e) {
        problems.add(prefix + ".compare.max-body-bytes: " + e.getMessage());
      }
    }
    JsonNode reads = field(shadow, "reads");
    List<ReadChecks.Request> requests = new ArrayList<>();
    for (JsonNode request : list(field(reads, "requests"))) {
      requests.add(
          new ReadChecks.Request(text(field(request, "method")), text(field(request, "path"))));
    }
    Long readBytes = null;
    String readSize = text(field(reads, "max-body-bytes"));
    if (readSize != null) {
      try {
        readBytes = DataSizes.parse(readSize);
      } catch (IllegalArgumentException e) {
        problems.add(prefix + ".shadow.reads.max-body-bytes: " + e.getMessage());
      }
    }
    ReadDeclaration declared =
        new ReadChecks(problems)
            .reads(
                prefix + ".shadow.reads",
                strings(
                    field(reads, "soap-operations"),
                    prefix + ".shadow.reads.soap-operations",
                    problems),
                text(field(reads, "graphql")),
                strings(
                    field(reads, "json-rpc-methods"),
                    prefix + ".shadow.reads.json-rpc-methods",
                    problems),
                requests,
                readBytes);
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new RouteRules(id, paths, methods, spec, noise, rate, maxBody, declared));
  }

  private static void checkRate(RouteChecks checks, String property, Double rate) {
    if (rate != null) {
      checks.rate(property, rate);
    }
  }

  private static List<JsonNode> list(JsonNode node) {
    List<JsonNode> values = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(values::add);
    }
    return values;
  }

  private static VerdictPolicy policy(JsonNode verdict, List<String> problems) {
    VerdictPolicy defaults = VerdictPolicy.ofDefaults();
    if (verdict == null) {
      return defaults;
    }
    Double min = number(field(verdict, "min-comparisons"));
    Double mismatch = number(field(verdict, "max-mismatch-rate"));
    Double latency = number(field(verdict, "max-latency-effect"));
    Double errors = number(field(verdict, "max-error-rate-increase"));
    Double confidence = number(field(verdict, "confidence"));
    try {
      return new VerdictPolicy(
          min == null ? defaults.minComparisons() : min.longValue(),
          mismatch == null ? defaults.maxMismatchRate() : mismatch,
          latency == null ? defaults.maxLatencyEffect() : latency,
          errors == null ? defaults.maxErrorRateIncrease() : errors,
          confidence == null ? defaults.confidence() : confidence);
    } catch (IllegalArgumentException e) {
      problems.add("ficus.verdict: " + e.getMessage());
      return defaults;
    }
  }

  /** A property by its kebab-case name, also found when written in camelCase. */
  static JsonNode field(JsonNode node, String name) {
    if (node == null || !node.isObject()) {
      return null;
    }
    String wanted = name.replace("-", "").toLowerCase(Locale.ROOT);
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (entry
          .getKey()
          .replace("-", "")
          .replace("_", "")
          .toLowerCase(Locale.ROOT)
          .equals(wanted)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^:}]+:([^}]*)}");

  private static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isContainer()) {
      return null;
    }
    String value = node.asString();
    // Spring placeholders with a default, such as ${NEW_URI:http://...}: the default.
    Matcher placeholder = PLACEHOLDER.matcher(value);
    return placeholder.matches() ? placeholder.group(1) : value;
  }

  private static Double number(JsonNode node) {
    String value = text(node);
    if (value == null) {
      return null;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static boolean bool(JsonNode node, boolean fallback) {
    String value = text(node);
    return value == null ? fallback : Boolean.parseBoolean(value.trim());
  }

  private static List<String> strings(JsonNode node, String property, List<String> problems) {
    List<String> values = new ArrayList<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (node.isArray()) {
      node.forEach(value -> values.add(text(value)));
    } else if (!node.isContainer()) {
      // Spring also accepts a comma-separated string for a list.
      for (String value : text(node).split(",")) {
        values.add(value.trim());
      }
    } else {
      problems.add(property + ": must be a list");
    }
    return values;
  }
}
