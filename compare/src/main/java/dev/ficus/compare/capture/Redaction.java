package dev.ficus.compare.capture;

import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.HeaderNames;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.rules.PointerPattern;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * What never reaches a capture file: credential headers always, plus configured headers, query (and
 * form) parameters and JSON body paths. A redacted value is replaced by {@link #MARKER}, never
 * hashed, so nothing of it can be recovered.
 */
public final class Redaction {

  /** What a redacted value reads as. */
  public static final String MARKER = "[REDACTED]";

  /** Headers redacted whatever the configuration says. */
  public static final Set<String> ALWAYS_REDACTED_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Set<String> headers;
  private final Set<String> parameters;
  private final List<PointerPattern> bodyPaths;

  private Redaction(Set<String> headers, Set<String> parameters, List<PointerPattern> bodyPaths) {
    this.headers = headers;
    this.parameters = parameters;
    this.bodyPaths = bodyPaths;
  }

  /** Only the credential headers. */
  public static Redaction ofDefaults() {
    return of(List.of(), List.of(), List.of());
  }

  /**
   * @param headers further header names (any case)
   * @param parameters query and form parameter names (exact case)
   * @param bodyPaths JSON Pointers into request and response bodies, {@code *} for any one segment
   * @throws IllegalArgumentException naming the value that is not a header name or JSON Pointer
   */
  public static Redaction of(
      List<String> headers, List<String> parameters, List<String> bodyPaths) {
    Set<String> names = new LinkedHashSet<>(ALWAYS_REDACTED_HEADERS);
    for (String header : headers == null ? List.<String>of() : headers) {
      if (!HeaderNames.isValid(header)) {
        throw new IllegalArgumentException("'" + header + "' is not an HTTP header name");
      }
      names.add(header.toLowerCase(Locale.ROOT));
    }
    Set<String> params = new LinkedHashSet<>();
    for (String parameter : parameters == null ? List.<String>of() : parameters) {
      if (parameter == null || parameter.isBlank()) {
        throw new IllegalArgumentException("a parameter name must not be empty");
      }
      params.add(parameter);
    }
    List<PointerPattern> paths = new ArrayList<>();
    for (String path : bodyPaths == null ? List.<String>of() : bodyPaths) {
      PointerPattern pattern = PointerPattern.parse(path);
      if (pattern.toString().isEmpty()) {
        throw new IllegalArgumentException(
            "'' would redact whole bodies; name the fields, e.g. /password");
      }
      paths.add(pattern);
    }
    return new Redaction(Set.copyOf(names), Set.copyOf(params), List.copyOf(paths));
  }

  /** The JSON Pointers redacted in bodies, so a replay can leave them out of its comparison. */
  public List<PointerPattern> bodyPaths() {
    return bodyPaths;
  }

  /**
   * A difference's example as it may be shown and stored: the query's redacted parameters, and the
   * values at the path (or within them) where the path is a redacted header or body path.
   *
   * @param path the difference's path: a JSON Pointer, {@code :header/NAME} or {@code :status}
   */
  public RouteReport.Example example(RouteReport.Example example, String path) {
    if (example == null) {
      return null;
    }
    String target = example.target();
    if (target != null) {
      int question = target.indexOf('?');
      if (question >= 0) {
        target = target.substring(0, question + 1) + query(target.substring(question + 1));
      }
    }
    String legacy = example.legacy();
    String fresh = example.fresh();
    if (path.startsWith(":header/")) {
      if (headers.contains(path.substring(":header/".length()).toLowerCase(Locale.ROOT))) {
        legacy = legacy == null ? null : MARKER;
        fresh = fresh == null ? null : MARKER;
      }
    } else if (path.isEmpty() || path.startsWith("/")) {
      List<String> segments = segments(path);
      legacy = value(legacy, segments);
      fresh = value(fresh, segments);
    }
    return new RouteReport.Example(
        example.time(), example.traceId(), example.method(), target, legacy, fresh);
  }

  /**
   * A value at {@code segments}: the marker when it is under a redacted path, else redacted within.
   */
  private String value(String value, List<String> segments) {
    if (value == null || bodyPaths.isEmpty()) {
      return value;
    }
    List<String> prefix = new ArrayList<>();
    for (String segment : segments) {
      prefix.add(segment);
      if (matches(prefix)) {
        return MARKER;
      }
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(value);
    } catch (JacksonException e) {
      return value;
    }
    if (tree == null || !tree.isContainer()) {
      return value;
    }
    return redact(tree, new ArrayList<>(segments)) ? JSON.writeValueAsString(tree) : value;
  }

  private static List<String> segments(String pointer) {
    List<String> segments = new ArrayList<>();
    if (pointer.isEmpty()) {
      return segments;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      segments.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return segments;
  }

  public RecordedExchange apply(RecordedExchange exchange) {
    RecordedRequest request = exchange.request();
    RecordedRequest redacted =
        new RecordedRequest(
            request.method(),
            request.path(),
            query(request.query()),
            headers(request.headers()),
            body(request.body()));
    return new RecordedExchange(
        redacted,
        response(exchange.legacy()),
        response(exchange.fresh()),
        exchange.routeId(),
        exchange.servingSide(),
        exchange.userHash(),
        exchange.traceId(),
        exchange.time());
  }

  private RecordedResponse response(RecordedResponse response) {
    if (response == null || response.failed()) {
      return response;
    }
    return new RecordedResponse(
        response.status(),
        headers(response.headers()),
        body(response.body()),
        response.latency(),
        null);
  }

  private Map<String, List<String>> headers(Map<String, List<String>> original) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    original.forEach(
        (name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          result.put(
              lower, headers.contains(lower) ? values.stream().map(v -> MARKER).toList() : values);
        });
    return result;
  }

  private String query(String query) {
    if (query == null || query.isEmpty() || parameters.isEmpty()) {
      return query;
    }
    StringBuilder out = new StringBuilder(query.length());
    for (String pair : query.split("&", -1)) {
      if (out.length() > 0) {
        out.append('&');
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String decoded = java.net.URLDecoder.decode(name, StandardCharsets.UTF_8);
      if (equals >= 0 && parameters.contains(decoded)) {
        out.append(name).append("=%5BREDACTED%5D");
      } else {
        out.append(pair);
      }
    }
    return out.toString();
  }

  private Body body(Body body) {
    if (body.bytes().length == 0) {
      return body;
    }
    String type =
        body.contentType() == null ? "" : body.contentType().toLowerCase(Locale.ROOT).trim();
    if (type.startsWith("application/x-www-form-urlencoded") && !parameters.isEmpty()) {
      String form = new String(body.bytes(), StandardCharsets.UTF_8);
      String redacted = query(form);
      return redacted.equals(form)
          ? body
          : new Body(
              redacted.getBytes(StandardCharsets.UTF_8),
              body.contentType(),
              body.truncated() ? body.length() : redacted.length(),
              body.truncated());
    }
    if (bodyPaths.isEmpty() || !looksLikeJson(type, body.bytes())) {
      return body;
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(body.bytes());
    } catch (JacksonException e) {
      // A JSON body we cannot read (cut short, malformed) might hold a secret anywhere in it.
      byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
      return new Body(marker, body.contentType(), body.length(), true);
    }
    if (!redact(tree, new ArrayList<>())) {
      return body;
    }
    byte[] bytes = JSON.writeValueAsBytes(tree);
    return new Body(bytes, body.contentType(), bytes.length, false);
  }

  private boolean redact(JsonNode node, List<String> path) {
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      for (String name : new ArrayList<>(object.propertyNames())) {
        path.add(name);
        if (matches(path)) {
          object.set(name, StringNode.valueOf(MARKER));
          changed = true;
        } else {
          changed |= redact(object.get(name), path);
        }
        path.remove(path.size() - 1);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        path.add(Integer.toString(i));
        if (matches(path)) {
          array.set(i, StringNode.valueOf(MARKER));
          changed = true;
        } else {
          changed |= redact(array.get(i), path);
        }
        path.remove(path.size() - 1);
      }
    }
    return changed;
  }

  private boolean matches(List<String> path) {
    String[] segments = path.toArray(String[]::new);
    for (PointerPattern pattern : bodyPaths) {
      if (pattern.matches(segments, segments.length)) {
        return true;
      }
    }
    return false;
  }

  private static boolean looksLikeJson(String type, byte[] bytes) {
    if (type.contains("json")) {
      return true;
    }
    for (byte b : bytes) {
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        continue;
      }
      return b == '{' || b == '[';
    }
    return false;
  }

  @Override
  public String toString() {
    return "Redaction[headers="
        + headers
        + ", parameters="
        + parameters
        + ", body="
        + bodyPaths
        + "]";
  }
}
