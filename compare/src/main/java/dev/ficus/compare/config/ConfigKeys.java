package dev.ficus.compare.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Every key Ficus reads under {@code ficus} (or another set of known keys, see {@link #of}), so
 * that a misspelled key stops start-up (gateway) or a replay ({@code ./ficus replay --config}) with
 * the nearest known key, instead of being ignored. Keys are matched as Spring Boot binds them:
 * case, {@code -} and {@code _} do not matter, and a list is given either with indexes ({@code
 * paths[0]}) or as one comma-separated value.
 *
 * <p>The gateway's tests hold this list equal to its {@code @ConfigurationProperties} records.
 */
public final class ConfigKeys {

  /** Known keys below {@code ficus}; {@code []} is any list index, {@code {}} any map key. */
  static final List<String> KEYS =
      List.of(
          "legacy.uri",
          "identity.header",
          "identity.jwt-claim",
          "identity.context.{}",
          "identity.jwt.verify",
          "identity.jwt.issuer",
          "identity.jwt.audience",
          "identity.jwt.jwks-uri",
          "identity.jwt.public-key",
          "identity.jwt.jwks-refresh",
          "identity.jwt.clock-skew",
          "identity.trusted-proxies",
          "flags.file",
          "flags.unleash.url",
          "flags.unleash.api-token",
          "flags.unleash.app-name",
          "flags.unleash.refresh-interval",
          "flags.unleash.backup-file",
          "flags.unleash.admin-token",
          "flags.unleash.admin-url",
          "flags.unleash.project",
          "flags.unleash.environment",
          "routes[].id",
          "routes[].paths[]",
          "routes[].methods[]",
          "routes[].new-uri",
          "routes[].mode",
          "routes[].flag",
          "routes[].timeout.connect",
          "routes[].timeout.response",
          "routes[].shadow.enabled",
          "routes[].shadow.sample-rate",
          "routes[].shadow.writes",
          "routes[].shadow.max-in-flight",
          "routes[].shadow.reads.soap-operations[]",
          "routes[].shadow.reads.graphql",
          "routes[].shadow.reads.json-rpc-methods[]",
          "routes[].shadow.reads.requests[].method",
          "routes[].shadow.reads.requests[].path",
          "routes[].shadow.reads.max-body-bytes",
          "routes[].dual-write.id",
          "routes[].dual-write.read-back",
          "routes[].dual-write.delay",
          "routes[].dual-write.attempts",
          "routes[].dual-write.read-back-headers.{}",
          "routes[].compare.ignore[]",
          "routes[].compare.tolerance[].path",
          "routes[].compare.tolerance[].absolute",
          "routes[].compare.tolerance[].relative",
          "routes[].compare.unordered[].path",
          "routes[].compare.unordered[].key",
          "routes[].compare.headers[]",
          "routes[].compare.noise-detection",
          "routes[].compare.noise-sample-rate",
          "routes[].compare.max-body-bytes",
          "routes[].compare.xml-comments",
          "routes[].compare.xml-processing-instructions",
          "routes[].circuit-breaker.failure-rate-threshold",
          "routes[].circuit-breaker.sliding-window-size",
          "routes[].circuit-breaker.minimum-number-of-calls",
          "routes[].circuit-breaker.wait-duration-in-open-state",
          "routes[].circuit-breaker.permitted-calls-in-half-open-state",
          "routes[].fallback.enabled",
          "routes[].fallback.methods[]",
          "routes[].guardrails.enabled",
          "routes[].guardrails.window",
          "routes[].guardrails.min-requests",
          "routes[].guardrails.max-error-rate",
          "routes[].guardrails.max-mismatch-rate",
          "routes[].guardrails.max-latency-factor",
          "routes[].autopilot.enabled",
          "routes[].autopilot.steps[]",
          "routes[].autopilot.hold",
          "routes[].autopilot.min-comparisons",
          "routes[].autopilot.promote",
          "routes[].autopilot.on-failure",
          "routes[].autopilot.dry-run",
          "routes[].autopilot.webhook",
          "routes[].capture.enabled",
          "routes[].capture.sample-rate",
          "preserve-host",
          "debug-headers",
          "timeout.connect",
          "timeout.response",
          "verdict.min-comparisons",
          "verdict.max-mismatch-rate",
          "verdict.max-latency-effect",
          "verdict.confidence",
          "verdict.max-error-rate-increase",
          "limits.read-timeout",
          "limits.idle-timeout",
          "admin.token",
          "admin.tokens[].name",
          "admin.tokens[].token",
          "admin.tokens[].role",
          "admin.port",
          "mirror.port",
          "mirror.legacy-uri",
          "console.trace-url",
          "tracing.trust-incoming",
          "capture.enabled",
          "capture.dir",
          "capture.sample-rate",
          "capture.max-body-bytes",
          "capture.max-file-size",
          "capture.max-file-age",
          "capture.queue-capacity",
          "capture.max-queued-bytes",
          "capture.redact.headers[]",
          "capture.redact.query-params[]",
          "capture.redact.body-paths[]",
          "evidence.enabled",
          "evidence.url",
          "evidence.username",
          "evidence.password",
          "evidence.dir",
          "evidence.retention",
          "evidence.flush-interval",
          "evidence.max-pending-buckets",
          "evidence.replica");

  private static final String INDEX = "[]";
  private static final String ANY_KEY = "{}";

  private final Node root = new Node("");
  private final String reference;
  private final int size;

  private ConfigKeys(Collection<String> keys, Collection<String> open, String reference) {
    for (String key : keys) {
      add(key).leaf = true;
    }
    for (String key : open) {
      add(key).open = true;
    }
    this.reference = reference;
    this.size = keys.size() + open.size();
  }

  private Node add(String key) {
    Node node = root;
    for (String element : elements(key)) {
      node = node.child(element);
    }
    return node;
  }

  /** The keys of this version of Ficus. */
  public static ConfigKeys ficus() {
    return new ConfigKeys(
        KEYS.stream().map(key -> "ficus." + key).toList(),
        List.of(),
        "see docs/configuration.md for the keys under ficus");
  }

  /**
   * Other known keys, such as Spring Boot's under {@code server} and {@code management}: only keys
   * whose first part is the first part of one of them are checked.
   *
   * @param keys full keys, in the notation of {@link #KEYS}
   * @param open keys below which anything is accepted (a map, a list of objects)
   * @param reference where the keys are listed, for a message that has no suggestion
   */
  public static ConfigKeys of(Collection<String> keys, Collection<String> open, String reference) {
    return new ConfigKeys(keys, open, reference);
  }

  /** Every known key below {@code ficus}, in the notation of {@link #KEYS}. */
  public static List<String> known() {
    return KEYS;
  }

  /**
   * A key that is not read.
   *
   * @param key the key as written, up to and including its first unknown part
   * @param place where it was written (a file and line, the command line, ...)
   * @param unknown that first unknown part
   * @param suggestion the nearest known key at that place, in full, or null when none is near
   * @param reference where the known keys are listed
   */
  public record Unknown(
      String key, String place, String unknown, String suggestion, String reference) {

    /** The same key, written at another place. */
    public Unknown at(String otherPlace) {
      return new Unknown(key, otherPlace, unknown, suggestion, reference);
    }

    /** One line for a start-up report. */
    public String message() {
      return key
          + (place == null || place.isBlank() ? "" : " (" + place + ")")
          + ": unknown key '"
          + unknown
          + "'"
          + (suggestion == null ? "; " + reference : "; did you mean '" + suggestion + "'?");
    }
  }

  /**
   * Checks one key as Spring Boot would see it, e.g. {@code ficus.routes[0].shadow.enable}.
   *
   * @return empty when the key is known (or not under one of the checked first parts)
   */
  public Optional<Unknown> check(String key, String place) {
    List<String> elements = elements(key);
    Node node = elements.isEmpty() ? null : root.find(elements.get(0));
    if (node == null) {
      return Optional.empty();
    }
    StringBuilder written = new StringBuilder(elements.get(0));
    for (int i = 1; i < elements.size() && !node.open; i++) {
      String element = elements.get(i);
      boolean index = element.startsWith("[");
      String parent = written.toString();
      written.append(index ? element : "." + element);
      Node next = node.find(index ? INDEX : element);
      if (next == null && !index) {
        next = node.children.get(ANY_KEY);
      }
      if (next == null) {
        String nearest = index ? null : node.nearest(element);
        return Optional.of(
            new Unknown(
                written.toString(),
                place,
                element,
                nearest == null ? null : parent + "." + nearest,
                reference));
      }
      node = next;
    }
    return Optional.empty();
  }

  /** Splits {@code a.b[0].c} into {@code a}, {@code b}, {@code [0]}, {@code c}. */
  static List<String> elements(String key) {
    List<String> elements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.') {
        flush(elements, current);
      } else if (c == '[') {
        flush(elements, current);
        int end = key.indexOf(']', i);
        end = end < 0 ? key.length() - 1 : end;
        elements.add(key.substring(i, end + 1));
        i = end;
      } else {
        current.append(c);
      }
    }
    flush(elements, current);
    return elements;
  }

  private static void flush(List<String> elements, StringBuilder current) {
    if (current.length() > 0) {
      elements.add(current.toString());
      current.setLength(0);
    }
  }

  /** The form Spring Boot compares names in: lower case, without dashes and underscores. */
  static String uniform(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  private static final class Node {
    final String name;
    final Map<String, Node> children = new LinkedHashMap<>();
    boolean leaf;
    boolean open;

    Node(String name) {
      this.name = name;
    }

    Node child(String element) {
      String key = element.equals(INDEX) || element.equals(ANY_KEY) ? element : uniform(element);
      return children.computeIfAbsent(key, k -> new Node(element));
    }

    Node find(String element) {
      return children.get(element.equals(INDEX) ? INDEX : uniform(element));
    }

    String nearest(String written) {
      String wanted = uniform(written);
      LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (Node child : children.values()) {
        if (child.name.equals(INDEX) || child.name.equals(ANY_KEY)) {
          continue;
        }
        int d = distance.apply(wanted, uniform(child.name));
        if (d < bestDistance) {
          best = child.name;
          bestDistance = d;
        }
      }
      boolean near =
          best != null
              && (bestDistance <= Math.max(2, wanted.length() / 3)
                  || uniform(best).startsWith(wanted)
                  || wanted.startsWith(uniform(best)));
      return near ? best : null;
    }

    @Override
    public String toString() {
      return name + children.keySet();
    }
  }

  @Override
  public String toString() {
    return "ConfigKeys[" + size + " keys]";
  }
}
