package dev.ficus.demo;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the gateway's admin API says about each route, read and printed for a person. */
final class Findings {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JsonNode routes;
  private final Map<String, JsonNode> divergences;

  private Findings(JsonNode routes, Map<String, JsonNode> divergences) {
    this.routes = routes;
    this.divergences = divergences;
  }

  static Findings read(URI gateway, String token) throws DemoException {
    JsonNode routes = admin(gateway, token, "/ficus/routes").get("routes");
    // The recent divergences of the routes that write to both sides: what their read-backs found.
    Map<String, JsonNode> divergences = new java.util.LinkedHashMap<>();
    for (JsonNode route : routes) {
      if (route.path("dualWrite").isObject()) {
        String id = route.get("id").asString();
        divergences.put(
            id, admin(gateway, token, "/ficus/routes/" + id + "/mismatches").get("divergences"));
      }
    }
    return new Findings(routes, divergences);
  }

  private static JsonNode admin(URI gateway, String token, String path) throws DemoException {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(gateway.resolve(path))
                      .header("Authorization", "Bearer " + token)
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new DemoException(
            "the gateway's admin API answered "
                + response.statusCode()
                + " to "
                + path
                + ": "
                + response.body());
      }
      return JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      throw new DemoException("the gateway's admin API cannot be read: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoException("interrupted");
    }
  }

  JsonNode route(String id) {
    for (JsonNode route : routes) {
      if (route.get("id").asString().equals(id)) {
        return route;
      }
    }
    return null;
  }

  /** The differing path shapes of a route, most frequent first. */
  List<String> differences(String id) {
    List<String> paths = new ArrayList<>();
    route(id).get("topDifferences").forEach(d -> paths.add(d.get("path").asString()));
    return paths;
  }

  /** The noise paths of a route, with why each is noise. */
  Map<String, String> noise(String id) {
    Map<String, String> noise = new java.util.LinkedHashMap<>();
    route(id)
        .get("noise")
        .forEach(n -> noise.put(n.get("path").asString(), n.get("reason").asString()));
    return noise;
  }

  /** The paths where a route's recent dual writes read back differently, with how often. */
  Map<String, Long> divergedPaths(String id) {
    Map<String, Long> paths = new java.util.LinkedHashMap<>();
    JsonNode recent = divergences.get(id);
    if (recent != null) {
      recent.forEach(
          d ->
              d.get("differences")
                  .forEach(x -> paths.merge(x.get("path").asString(), 1L, Long::sum)));
    }
    return paths;
  }

  long compared(String id) {
    JsonNode comparisons = route(id).get("comparisons");
    return comparisons.path("match").asLong() + comparisons.path("mismatch").asLong();
  }

  void print(PrintWriter out) {
    for (JsonNode route : routes) {
      JsonNode decisions = route.get("decisions");
      long legacy = decisions.path("legacy").asLong();
      long fresh = decisions.path("new").asLong();
      long total = Math.max(1, legacy + fresh);
      out.printf(
          Locale.ROOT,
          "%nRoute %s (stage %s%s%s)%n",
          route.get("id").asString(),
          route.get("stage").asString(),
          route.path("share").isNumber() && route.get("stage").asString().equals("canary")
              ? " " + route.get("share").asInt() + "%"
              : "",
          route.path("flag").isObject()
              ? ", flag " + route.get("flag").get("name").asString()
              : "");
      out.printf(
          Locale.ROOT,
          "  served by legacy %d (%.0f%%), by new %d (%.0f%%)%n",
          legacy,
          100.0 * legacy / total,
          fresh,
          100.0 * fresh / total);
      JsonNode comparisons = route.get("comparisons");
      long compared = comparisons.path("match").asLong() + comparisons.path("mismatch").asLong();
      if (compared == 0 && comparisons.path("skipped").asLong() == 0) {
        out.println("  not compared (the new side is not called at this stage)");
      } else {
        out.printf(
            Locale.ROOT,
            "  compared %d: %d match, %d mismatch (mismatch rate %.2f%%), %d skipped%s%n",
            compared,
            comparisons.path("match").asLong(),
            comparisons.path("mismatch").asLong(),
            route.get("mismatchRate").asDouble() * 100,
            comparisons.path("skipped").asLong(),
            skipped(route.get("skipped")));
        JsonNode differences = route.get("topDifferences");
        if (differences.isEmpty()) {
          out.println("  differences: none");
        } else {
          out.println("  differences:");
          for (JsonNode difference : differences) {
            JsonNode example = difference.get("example");
            out.printf(
                Locale.ROOT,
                "    %-28s %-15s in %5d  e.g. %s %s: legacy %s, new %s%n",
                difference.get("path").asString(),
                difference.get("kind").asString(),
                difference.get("count").asLong(),
                example.path("method").asString(),
                example.path("target").asString(),
                example.path("legacy").asString("(none)"),
                example.path("new").asString("(none)"));
          }
        }
        JsonNode noise = route.get("noise");
        if (!noise.isEmpty()) {
          out.println("  noise (set apart, not counted):");
          for (JsonNode path : noise) {
            out.printf(
                Locale.ROOT,
                "    %-28s %-10s in %5d%s%n",
                path.get("path").asString(),
                path.get("reason").asString(),
                path.get("count").asLong(),
                path.get("learnedFrom").asLong() > 0
                    ? " (legacy differed from itself in "
                        + path.get("learnedFrom").asLong()
                        + " pairs)"
                    : "");
          }
        }
      }
      printDualWrites(out, route);
      JsonNode latency = route.get("latency");
      for (String side : List.of("legacy", "new")) {
        JsonNode figures = latency.get(side);
        if (figures != null && figures.path("count").asLong() > 0) {
          out.printf(
              Locale.ROOT,
              "  latency %-6s p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  (%d calls)%n",
              side,
              figures.get("p50Millis").asDouble(),
              figures.get("p95Millis").asDouble(),
              figures.get("p99Millis").asDouble(),
              figures.get("count").asLong());
        }
      }
      JsonNode verdict = route.get("verdict");
      out.printf("  verdict: %s%n", verdict.get("status").asString());
      verdict.get("reasons").forEach(reason -> out.printf("    %s%n", reason.asString()));
    }
    out.flush();
  }

  /** A route's dual writes: how their read-backs came out, and where they differed. */
  private void printDualWrites(PrintWriter out, JsonNode route) {
    JsonNode dualWrite = route.path("dualWrite");
    if (!dualWrite.isObject()) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "  dual writes read back: %d converged, %d diverged (divergence rate %.2f%%), %d new-side"
            + " write failures, %d pending%n",
        dualWrite.get("converged").asLong(),
        dualWrite.get("diverged").asLong(),
        dualWrite.get("divergenceRate").asDouble() * 100,
        dualWrite.get("writeFailed").asLong(),
        dualWrite.get("pending").asLong());
    Map<String, Long> paths = divergedPaths(route.get("id").asString());
    if (paths.isEmpty()) {
      return;
    }
    out.println("  read back differently (recent divergences):");
    JsonNode recent = divergences.get(route.get("id").asString());
    for (Map.Entry<String, Long> path : paths.entrySet()) {
      JsonNode example = null;
      for (JsonNode divergence : recent) {
        for (JsonNode difference : divergence.get("differences")) {
          if (example == null && difference.get("path").asString().equals(path.getKey())) {
            example = divergence;
            out.printf(
                Locale.ROOT,
                "    %-28s %-15s in %5d  e.g. %s %s read back as %s and %s: legacy %s, new %s%n",
                path.getKey(),
                difference.get("kind").asString(),
                path.getValue(),
                divergence.get("method").asString(),
                divergence.get("target").asString(),
                divergence.get("legacyRead").asString(),
                divergence.get("newRead").asString(),
                difference.path("legacy").asString("(none)"),
                difference.path("new").asString("(none)"));
          }
        }
      }
    }
  }

  private static String skipped(JsonNode skipped) {
    StringBuilder reasons = new StringBuilder();
    for (Map.Entry<String, JsonNode> reason : skipped.properties()) {
      if (reason.getValue().asLong() > 0) {
        reasons.append(reasons.length() == 0 ? " (" : ", ");
        reasons.append(reason.getKey()).append(' ').append(reason.getValue().asLong());
      }
    }
    return reasons.length() == 0 ? "" : reasons.append(')').toString();
  }
}
