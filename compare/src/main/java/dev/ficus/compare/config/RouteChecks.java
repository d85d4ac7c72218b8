package dev.ficus.compare.config;

import dev.ficus.compare.rules.CompareRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks of {@code ficus.routes[...]} that the gateway applies at start-up and a replay applies
 * to the same file ({@code ./ficus replay --config}), so that both refuse a route with the same
 * message naming the property, the bad value and what would be valid. Each check adds its problem
 * to one list, so a single run reports them all.
 */
public final class RouteChecks {

  /** The id of the gateway's own catch-all route, which no configured route may take. */
  public static final String CATCH_ALL_ID = "ficus-catch-all";

  /** The modes a route may start in, as configuration spells them. */
  public static final List<String> MODES = List.of("legacy", "shadow", "canary", "new");

  /** Everything of Ficus's own (admin API, console, actuator) lives under this path. */
  public static final String RESERVED_PREFIX = "/ficus";

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

  private final List<String> problems;
  private final Set<String> ids = new HashSet<>();

  /**
   * @param problems where problems are added (it may already hold others)
   */
  public RouteChecks(List<String> problems) {
    this.problems = problems;
  }

  public List<String> problems() {
    return problems;
  }

  /** Adds a problem found elsewhere, to be reported with the rest. */
  public void add(String problem) {
    problems.add(problem);
  }

  /** Whether a request path is Ficus's own. */
  public static boolean reserved(String path) {
    return path.startsWith(RESERVED_PREFIX)
        && (path.length() == RESERVED_PREFIX.length()
            || path.charAt(RESERVED_PREFIX.length()) == '/');
  }

  /** A route id: present, well-formed, not reserved and not used by an earlier route. */
  public void id(String prefix, String id) {
    if (id == null || id.isBlank()) {
      problems.add(prefix + ".id: is missing; give the route a unique name, e.g. trips");
    } else if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      problems.add(prefix + ".id: '" + id + "' may hold only letters, digits, '.', '_' and '-'");
    } else if (id.equals(CATCH_ALL_ID)) {
      problems.add(
          prefix + ".id: '" + id + "' is reserved for the legacy catch-all; choose another");
    } else if (!ids.add(id)) {
      problems.add(prefix + ".id: '" + id + "' is used by another route; route ids must be unique");
    }
  }

  /**
   * A route's path patterns, each parsed by {@code parser}, which throws {@link
   * IllegalArgumentException} for a pattern it cannot read.
   */
  public <T> List<T> paths(String prefix, List<String> paths, Function<String, T> parser) {
    if (paths == null || paths.isEmpty()) {
      problems.add(
          prefix
              + ".paths: is missing; list the Spring path patterns the route claims, e.g. [/trips/**]");
      return List.of();
    }
    List<T> patterns = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      String path = paths.get(i);
      String property = prefix + ".paths[" + i + "]";
      if (path == null || !path.startsWith("/")) {
        problems.add(
            property + ": '" + path + "' must be a path pattern starting with '/', e.g. /trips/**");
      } else if (reserved(path)) {
        problems.add(
            property
                + ": '"
                + path
                + "' is under /ficus, where Ficus keeps its own endpoints (admin API, console,"
                + " actuator); a route cannot claim it");
      } else {
        try {
          patterns.add(parser.apply(path));
        } catch (IllegalArgumentException e) {
          problems.add(
              property + ": '" + path + "' is not a Spring path pattern: " + e.getMessage());
        }
      }
    }
    return patterns;
  }

  /** HTTP methods, upper case; {@code prefix} is the property holding {@code methods}. */
  public Set<String> methods(String prefix, List<String> methods) {
    Set<String> result = new LinkedHashSet<>();
    if (methods == null) {
      return result;
    }
    for (int i = 0; i < methods.size(); i++) {
      String method = methods.get(i) == null ? "" : methods.get(i).trim().toUpperCase(Locale.ROOT);
      if (METHODS.contains(method)) {
        result.add(method);
      } else {
        problems.add(
            prefix
                + ".methods["
                + i
                + "]: '"
                + methods.get(i)
                + "' is not an HTTP method; use "
                + String.join(", ", new TreeSet<>(METHODS)));
      }
    }
    return result;
  }

  /** The mode as spelled in {@link #MODES}; {@code legacy} when absent or not a mode. */
  public String mode(String prefix, String mode) {
    if (mode == null || mode.isBlank()) {
      return "legacy";
    }
    String wanted = mode.trim().toLowerCase(Locale.ROOT);
    if (MODES.contains(wanted)) {
      return wanted;
    }
    problems.add(
        prefix + ".mode: '" + mode + "' is not a mode; use one of " + String.join(", ", MODES));
    return "legacy";
  }

  /**
   * A route's {@code new-uri}, needed in every mode but legacy, and its {@code flag}, needed in
   * canary.
   *
   * @return the flag, trimmed, or null
   */
  public String flag(String prefix, String mode, String flag) {
    String trimmed = flag == null || flag.isBlank() ? null : flag.trim();
    if ("canary".equals(mode) && trimmed == null) {
      problems.add(
          prefix
              + ".flag: is missing; mode canary needs the name of the flag that sends a user to new-uri");
    }
    return trimmed;
  }

  /** The new side of a route: required unless the mode is legacy. */
  public Optional<URI> newUri(String prefix, String mode, String value) {
    boolean required = !"legacy".equals(mode);
    if (!required && value == null) {
      return Optional.empty();
    }
    return baseUri(prefix + ".new-uri", value, required);
  }

  /** Comparing every request needs the other side to compare with. */
  public void shadow(String prefix, boolean compared, boolean hasNewUri) {
    if (compared && !hasNewUri) {
      problems.add(
          prefix
              + ".shadow.enabled: 'true' needs new-uri, the side to compare with; give the route a"
              + " new-uri, or leave shadow.enabled out");
    }
  }

  /** An upstream's base URI: http or https, a host, no path or query. */
  public Optional<URI> baseUri(String property, String value, boolean required) {
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

  /** A share of requests, from 0 to 1. */
  public void rate(String property, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      problems.add(property + ": '" + rate + "' must be between 0 and 1, e.g. 0.25");
    }
  }

  public void timeout(String property, Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      problems.add(property + ": '" + timeout + "' must be a positive duration, e.g. 2s or 500ms");
    }
  }

  /** A count that must be at least one, such as {@code shadow.max-in-flight}. */
  public void atLeastOne(String property, int value) {
    if (value < 1) {
      problems.add(property + ": '" + value + "' must be at least 1");
    }
  }

  /**
   * {@code compare.max-body-bytes}.
   *
   * @param written the value as given, for the message
   */
  public void maxBodyBytes(String property, Long bytes, Object written) {
    if (bytes == null || bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
      problems.add(property + ": '" + written + "' must be between 1B and 2GB, e.g. 1MB");
    }
  }

  /** One {@code compare.tolerance} entry. */
  public record Tolerance(String path, Double absolute, Double relative) {}

  /** One {@code compare.unordered} entry. */
  public record Unordered(String path, String key) {}

  /**
   * A route's comparison rules, each checked as {@link CompareRules} checks it.
   *
   * @param prefix the property holding {@code ignore}, {@code tolerance}, ... (a route's compare)
   * @return adds the accepted rules to a builder
   */
  public Consumer<CompareRules.Builder> rules(
      String prefix,
      List<String> ignore,
      List<Tolerance> tolerances,
      List<Unordered> unordered,
      List<String> headers) {
    List<Consumer<CompareRules.Builder>> rules = new ArrayList<>();
    rule(prefix + ".ignore", ignore, path -> builder -> builder.ignore(path), rules);
    rule(
        prefix + ".tolerance",
        tolerances,
        tolerance -> {
          if (tolerance.absolute() == null && tolerance.relative() == null) {
            throw new IllegalArgumentException(
                "needs absolute, relative or both, e.g. absolute: 0.01");
          }
          return builder ->
              builder.tolerance(
                  tolerance.path(), orZero(tolerance.absolute()), orZero(tolerance.relative()));
        },
        rules);
    rule(
        prefix + ".unordered",
        unordered,
        array -> builder -> builder.unordered(array.path(), array.key()),
        rules);
    rule(prefix + ".headers", headers, header -> builder -> builder.header(header), rules);
    List<Consumer<CompareRules.Builder>> all = List.copyOf(rules);
    return builder -> all.forEach(rule -> rule.accept(builder));
  }

  /** Keeps each rule a fresh builder accepts; reports one it refuses, with its index. */
  private <T> void rule(
      String property,
      List<T> values,
      Function<T, Consumer<CompareRules.Builder>> toRule,
      List<Consumer<CompareRules.Builder>> rules) {
    if (values == null) {
      return;
    }
    for (int i = 0; i < values.size(); i++) {
      try {
        Consumer<CompareRules.Builder> rule = toRule.apply(values.get(i));
        rule.accept(CompareRules.custom());
        rules.add(rule);
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

  /** {@code ficus.console.trace-url}: a link to one trace, with {@code {traceId}} in it. */
  public void traceUrl(String template) {
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

  /** {@code ficus.identity.trusted-proxies}: a Java regular expression, when set. */
  public void trustedProxies(String regex) {
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

  @Override
  public String toString() {
    return "RouteChecks[" + problems.size() + " problems]";
  }
}
