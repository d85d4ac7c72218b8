package dev.ficus.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Unleash's own client specification (npm {@code @unleash/client-specification} 6.1.0, installed by
 * {@code .ci/setup}): the constraint cases on the user id and on context properties, each state
 * read as a Ficus flags file, each case decided with the user id and properties Ficus passes. What
 * Ficus never passes (environment, app name, current time, session, address) is left out.
 */
class ClientSpecificationTest {

  static final Path SPECIFICATIONS =
      Path.of(
          System.getProperty("user.home"),
          ".cache/ficus-test/client-specification-6.1.0/node_modules/@unleash/client-specification/specifications");
  static final List<String> FILES =
      List.of(
          "02-user-with-id-strategy.json",
          "09-strategy-constraints.json",
          "13-constraint-operators.json",
          "15-global-constraints.json",
          "21-regex-constraint-operators.json");
  static final Set<String> PASSED = Set.of("userId", "properties");
  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dir;

  @TestFactory
  Stream<DynamicTest> theConstraintCasesOfUnleashsSpecification() throws IOException {
    assertThat(SPECIFICATIONS)
        .as(
            "Unleash's client specification; .ci/setup installs it (npm @unleash/client-specification@6.1.0)")
        .isDirectory();
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : FILES) {
      JsonNode spec = JSON.readTree(SPECIFICATIONS.resolve(name).toFile());
      Path flags = dir.resolve(name);
      Files.writeString(flags, spec.get("state").toString());
      List<JsonNode> cases = new ArrayList<>();
      for (JsonNode test : spec.path("tests")) {
        boolean passed = true;
        for (String field : test.path("context").propertyNames()) {
          passed &= PASSED.contains(field);
        }
        if (passed) {
          cases.add(test);
        }
      }
      assertThat(cases).as("%s has cases Ficus can pass", name).isNotEmpty();
      tests.add(
          DynamicTest.dynamicTest(
              name + " (" + cases.size() + " cases)",
              () -> {
                try (RolloutFlags rollout = RolloutFlags.fromFile(flags)) {
                  for (JsonNode test : cases) {
                    JsonNode context = test.get("context");
                    Map<String, String> properties = new LinkedHashMap<>();
                    context
                        .path("properties")
                        .properties()
                        .forEach(p -> properties.put(p.getKey(), p.getValue().asString()));
                    String userId = context.has("userId") ? context.get("userId").asString() : null;
                    FlagState state =
                        rollout.stateFor(test.get("toggleName").asString(), userId, properties);
                    assertThat(state == FlagState.ON)
                        .as(test.get("description").asString())
                        .isEqualTo(test.get("expectedResult").asBoolean());
                  }
                }
              }));
    }
    return tests.stream();
  }
}
