package dev.ficus.replay.report;

import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.compare.analysis.RouteStatistics;
import dev.ficus.compare.diff.Difference;
import dev.ficus.replay.engine.ReplayResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code report.json}: the whole result, for machines (CI, dashboards). */
public final class JsonReport {

  /** Version of the report's shape, bumped when a field changes meaning or goes away. */
  public static final String SCHEMA = "ficus.replay-report/1";

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private JsonReport() {}

  public static String render(ReplayResult result) {
    return JSON.writeValueAsString(model(result));
  }

  static Map<String, Object> model(ReplayResult result) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", SCHEMA);
    root.put("started", result.started().toString());
    root.put("seconds", result.took().toMillis() / 1000.0);
    root.put("mode", result.mode());
    root.put("new", result.newUri().toString());
    root.put("legacy", result.legacyUri() == null ? null : result.legacyUri().toString());
    root.put("inputs", result.inputs());
    root.put("read", result.read());
    root.put("replayed", result.replayed());
    root.put("exchangesPerSecond", Math.round(result.throughput() * 10) / 10.0);
    root.put("filtered", result.filtered());
    root.put("badLines", result.badLines());
    root.put("badExamples", result.badExamples());
    root.put("maxMismatchRate", result.maxMismatchRate());
    root.put("passed", result.passed());
    List<Map<String, Object>> routes = new ArrayList<>();
    for (ReplayResult.RouteResult route : result.routes()) {
      RouteReport report = route.report();
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("route", report.route());
      node.put("passed", route.passed());
      node.put("compared", report.compared());
      node.put("outcomes", report.outcomes());
      node.put("skipped", nonZero(report.skipped()));
      node.put("mismatchRate", report.mismatchRate());
      node.put("latency", report.latency());
      node.put("errors", report.errors());
      node.put("topDifferences", report.topDifferences());
      node.put("noise", report.noise());
      node.put("noisePairs", report.noisePairs());
      node.put("verdict", report.verdict());
      List<Map<String, Object>> examples = new ArrayList<>();
      for (RouteStatistics.MismatchRecord example : route.examples()) {
        examples.add(example(example));
      }
      node.put("examples", examples);
      routes.add(node);
    }
    root.put("routes", routes);
    return root;
  }

  static Map<String, Object> example(RouteStatistics.MismatchRecord record) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("time", record.time() == null ? null : record.time().toString());
    node.put("traceId", record.traceId());
    node.put("method", record.method());
    node.put("target", record.target());
    node.put("legacyStatus", record.legacyStatus());
    node.put("newStatus", record.newStatus());
    node.put("legacyBody", record.legacyBody());
    node.put("newBody", record.newBody());
    List<Map<String, Object>> differences = new ArrayList<>();
    for (Difference difference : record.differences()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("path", difference.path());
      d.put("kind", difference.kind().label());
      d.put("legacy", difference.legacy());
      d.put("new", difference.fresh());
      differences.add(d);
    }
    node.put("differences", differences);
    return node;
  }

  private static Map<String, Long> nonZero(Map<String, Long> counts) {
    Map<String, Long> result = new LinkedHashMap<>();
    counts.forEach(
        (key, count) -> {
          if (count > 0) {
            result.put(key, count);
          }
        });
    return result;
  }
}
