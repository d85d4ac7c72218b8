package dev.ficus.gateway.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Spring's two HTTP timers, {@code http.server.requests} (what clients asked) and {@code
 * http.client.requests} (each primary call, named by the upstream actually called), with the names
 * and tags Spring gives them, recorded by Ficus's own tracing filters: each timer is looked up once
 * per tag combination, not built per request.
 */
public final class HttpMeters {

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

  /** At most this many timers of each kind; further combinations are not recorded. */
  static final int MAX_TIMERS = 2_000;

  private final MeterRegistry registry;
  private final ConcurrentHashMap<ServerKey, Timer> server = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ClientKey, Timer> client = new ConcurrentHashMap<>();

  public HttpMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  private record ServerKey(String method, int status, String uri, String exception) {}

  private record ClientKey(
      String method, int status, String route, String upstream, String error) {}

  /**
   * @param status the answer's status, or -1 when there was none
   * @param uri the matched path pattern of Ficus's own endpoints, or null for a proxied request
   * @param exception the simple name of the error's class, or null
   */
  public void server(String method, int status, String uri, String exception, long nanos) {
    ServerKey key = new ServerKey(method(method), status, uri, exception);
    Timer timer = server.get(key);
    if (timer == null) {
      if (server.size() >= MAX_TIMERS) {
        return;
      }
      timer = server.computeIfAbsent(key, this::serverTimer);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * @param status the upstream's status, or -1 when it gave none
   * @param route the gateway route's id
   * @param upstream the scheme, host and port actually called
   * @param error the simple name of the error's class, or null
   */
  public void client(
      String method, int status, String route, String upstream, String error, long nanos) {
    ClientKey key = new ClientKey(method(method), status, route, upstream, error);
    Timer timer = client.get(key);
    if (timer == null) {
      if (client.size() >= MAX_TIMERS) {
        return;
      }
      timer = client.computeIfAbsent(key, this::clientTimer);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer serverTimer(ServerKey key) {
    String exception = key.exception() == null ? "none" : key.exception();
    return Timer.builder("http.server.requests")
        .tags(
            Tags.of(
                "error",
                exception,
                "exception",
                exception,
                "method",
                key.method(),
                "outcome",
                outcome(key.status()),
                "status",
                key.status() < 0 ? "UNKNOWN" : Integer.toString(key.status()),
                "uri",
                uri(key.uri(), key.status())))
        .register(registry);
  }

  private Timer clientTimer(ClientKey key) {
    return Timer.builder("http.client.requests")
        .tags(
            Tags.of(
                "error", key.error() == null ? "none" : key.error(),
                "http.method", key.method(),
                "http.status_code", key.status() < 0 ? "UNKNOWN" : Integer.toString(key.status()),
                "spring.cloud.gateway.route.id", key.route(),
                "spring.cloud.gateway.route.uri", key.upstream()))
        .register(registry);
  }

  private static String method(String method) {
    return METHODS.contains(method) ? method : "UNKNOWN";
  }

  /** As Spring names it: the pattern of the endpoint, else what the status says. */
  private static String uri(String pattern, int status) {
    if (pattern != null) {
      return pattern.isEmpty() || pattern.equals("/") ? "root" : pattern;
    }
    if (status == 404) {
      return "NOT_FOUND";
    }
    if (status >= 300 && status < 400) {
      return "REDIRECTION";
    }
    return "UNKNOWN";
  }

  static String outcome(int status) {
    if (status < 100) {
      return "UNKNOWN";
    }
    return switch (status / 100) {
      case 1 -> "INFORMATIONAL";
      case 2 -> "SUCCESS";
      case 3 -> "REDIRECTION";
      case 4 -> "CLIENT_ERROR";
      case 5 -> "SERVER_ERROR";
      default -> "UNKNOWN";
    };
  }

  @Override
  public String toString() {
    return "HttpMeters[" + server.size() + " server, " + client.size() + " client timers]";
  }
}
