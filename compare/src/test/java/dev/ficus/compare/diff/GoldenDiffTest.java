package dev.ficus.compare.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.rules.CompareRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every difference kind and every rule, as golden cases in {@code src/test/resources/golden}: two
 * answers, the route's rules, and the exact differences a user must be shown.
 */
class GoldenDiffTest {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @TestFactory
  Stream<DynamicTest> goldenCases() throws IOException {
    Path dir = Path.of("src/test/resources/golden");
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(15);
    return files.stream()
        .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
  }

  private static void check(Path file) throws IOException {
    JsonNode golden = JSON.readTree(file.toFile());
    List<Difference> actual =
        ResponseComparator.compare(
            response(golden, "legacy"), response(golden, "new"), rules(golden.path("rules")));
    boolean compareValues = golden.path("compareValues").asBoolean(true);
    List<Map<String, String>> expected = new ArrayList<>();
    for (JsonNode difference : golden.path("expected")) {
      Map<String, String> row = new LinkedHashMap<>();
      row.put("kind", difference.path("kind").asString());
      row.put("path", difference.path("path").asString());
      if (compareValues) {
        row.put("legacy", difference.has("legacy") ? difference.get("legacy").asString() : null);
        row.put("new", difference.has("new") ? difference.get("new").asString() : null);
      }
      expected.add(row);
    }
    List<Map<String, String>> seen = new ArrayList<>();
    for (Difference difference : actual) {
      Map<String, String> row = new LinkedHashMap<>();
      row.put("kind", difference.kind().label());
      row.put("path", difference.path());
      if (compareValues) {
        row.put(
            "legacy",
            difference.kind() == DifferenceKind.ARRAY_ORDER_CHANGED ? null : difference.legacy());
        row.put(
            "new",
            difference.kind() == DifferenceKind.ARRAY_ORDER_CHANGED ? null : difference.fresh());
      }
      seen.add(row);
    }
    assertThat(seen).as(golden.path("description").asString()).isEqualTo(expected);
  }

  private static RecordedResponse response(JsonNode golden, String side) {
    int status = golden.path(side + "Status").asInt(200);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    JsonNode headerNode = golden.path(side + "Headers");
    for (Map.Entry<String, JsonNode> header : headerNode.properties()) {
      List<String> values = new ArrayList<>();
      header.getValue().forEach(v -> values.add(v.asString()));
      headers.put(header.getKey(), values);
    }
    Body body;
    if (golden.has(side + "Text")) {
      body =
          Body.of(
              golden.get(side + "Text").asString().getBytes(StandardCharsets.UTF_8),
              golden.path(side + "ContentType").asString());
    } else {
      body = Body.of(JSON.writeValueAsBytes(golden.get(side)), "application/json");
    }
    return RecordedResponse.answered(status, headers, body, Duration.ofMillis(1));
  }

  static CompareRules rules(JsonNode rules) {
    CompareRules.Builder builder = CompareRules.custom();
    rules.path("ignore").forEach(path -> builder.ignore(path.asString()));
    rules
        .path("tolerance")
        .forEach(
            t ->
                builder.tolerance(
                    t.path("path").asString(),
                    t.path("absolute").asDouble(0),
                    t.path("relative").asDouble(0)));
    rules
        .path("unordered")
        .forEach(u -> builder.unordered(u.path("path").asString(), u.path("key").asString(null)));
    rules.path("headers").forEach(h -> builder.header(h.asString()));
    return builder.build();
  }
}
