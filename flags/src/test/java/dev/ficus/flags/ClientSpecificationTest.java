package dev.ficus.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.flags.internal.UnleashRolloutFlags;
import io.getunleash.UnleashContext;
import io.getunleash.engine.UnleashEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Unleash's own client specification (npm {@code @unleash/client-specification} 6.1.0, installed by
 * {@code .ci/setup}), every file its index lists: each state is written as a Ficus flags file and
 * must load (the client-API form, or the delta API's events), and each of its {@code tests} cases
 * must decide as the specification says, through the decision Ficus makes (with the case's whole
 * context: user, session, address, environment, app name, time, properties).
 *
 * <p>Ficus decides through the Unleash Java SDK, so it decides as the SDK does, also where the SDK
 * falls short of this version of the specification: the engine of unleash-client-java 12.2.3
 * (Yggdrasil 0.5.1, the newest on Maven Central) does not know the constraint operators in {@link
 * #OPERATORS_THE_ENGINE_LACKS}, and a constraint it does not know never matches. Those cases are
 * checked to be off; {@link #theEngineStillLacksTheOperatorsTheseCasesAreExemptFor} fails once a
 * newer engine knows them, so the exemption cannot outlive the gap.
 */
class ClientSpecificationTest {

  static final Path SPECIFICATIONS =
      Path.of(
          System.getProperty("user.home"),
          ".cache/ficus-test/client-specification-6.1.0/node_modules/@unleash/client-specification/specifications");
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** Operators of specification 6.1.0 (files 14 and 22) that the SDK's engine does not know. */
  static final Set<String> OPERATORS_THE_ENGINE_LACKS =
      Set.of("SEMVER_GTE", "SEMVER_LTE", "IN_CIDR");

  @TempDir static Path dir;

  @TestFactory
  Stream<DynamicTest> everyFileOfUnleashsSpecificationLoadsAndDecidesAsItSays() throws IOException {
    assertThat(SPECIFICATIONS.resolve("index.json"))
        .as(
            "Unleash's client specification; .ci/setup installs it (npm @unleash/client-specification@6.1.0)")
        .isRegularFile();
    List<String> files = new ArrayList<>();
    JSON.readTree(SPECIFICATIONS.resolve("index.json").toFile())
        .forEach(name -> files.add(name.asString()));
    assertThat(files).as("the files of specification 6.1.0").hasSize(22);
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : files) {
      JsonNode spec = JSON.readTree(SPECIFICATIONS.resolve(name).toFile());
      Path flags = dir.resolve(name);
      Files.writeString(flags, spec.get("state").toString());
      JsonNode cases = spec.path("tests");
      tests.add(
          DynamicTest.dynamicTest(
              name + " (" + cases.size() + " cases)",
              () -> {
                try (RolloutFlags rollout = RolloutFlags.fromFile(flags)) {
                  assertThat(rollout.status().state()).isEqualTo(FlagSourceStatus.OK);
                  SoftAssertions softly = new SoftAssertions();
                  Set<String> lacking = togglesUsingOperatorsTheEngineLacks(spec.get("state"));
                  for (JsonNode test : cases) {
                    String toggle = test.get("toggleName").asString();
                    FlagState state =
                        ((UnleashRolloutFlags) rollout).stateFor(toggle, context(test));
                    softly
                        .assertThat(state == FlagState.ON)
                        .as(test.get("description").asString())
                        .isEqualTo(
                            !lacking.contains(toggle) && test.get("expectedResult").asBoolean());
                  }
                  softly.assertAll();
                }
              }));
    }
    return tests.stream();
  }

  @Test
  void theEngineStillLacksTheOperatorsTheseCasesAreExemptFor() throws Exception {
    Set<String> lacking = new TreeSet<>();
    for (String name :
        List.of("14-constraint-semver-operators.json", "22-cidr-constraint-operators.json")) {
      JsonNode state = JSON.readTree(SPECIFICATIONS.resolve(name).toFile()).get("state");
      lacking.addAll(unknownOperators(state).values());
    }
    assertThat(lacking)
        .as(
            "operators the Unleash engine does not know; once it knows one, drop it from"
                + " OPERATORS_THE_ENGINE_LACKS and from docs/configuration.md")
        .isEqualTo(new TreeSet<>(OPERATORS_THE_ENGINE_LACKS));
  }

  /** The toggles with a constraint whose operator is in {@link #OPERATORS_THE_ENGINE_LACKS}. */
  private static Set<String> togglesUsingOperatorsTheEngineLacks(JsonNode state) throws Exception {
    Set<String> toggles = new TreeSet<>();
    unknownOperators(state)
        .forEach(
            (toggle, operator) -> {
              if (OPERATORS_THE_ENGINE_LACKS.contains(operator)) {
                toggles.add(toggle);
              }
            });
    return toggles;
  }

  /**
   * Each toggle with a constraint operator the bare Unleash engine does not know, as the engine
   * itself reports it ({@code "operator": {"UNKNOWN": "IN_CIDR"}} in its state).
   */
  private static Map<String, String> unknownOperators(JsonNode state) throws Exception {
    UnleashEngine engine = new UnleashEngine();
    engine.takeState(state.toString());
    Map<String, String> unknown = new TreeMap<>();
    for (JsonNode feature : JSON.readTree(engine.getState()).path("value").path("features")) {
      for (JsonNode strategy : feature.path("strategies")) {
        for (JsonNode constraint : strategy.path("constraints")) {
          JsonNode operator = constraint.path("operator").path("UNKNOWN");
          if (operator.isString()) {
            unknown.put(feature.path("name").asString(), operator.asString());
          }
        }
      }
    }
    return unknown;
  }

  private static UnleashContext context(JsonNode test) {
    JsonNode context = test.path("context");
    UnleashContext.Builder builder = UnleashContext.builder();
    if (context.has("userId")) {
      builder.userId(context.get("userId").asString());
    }
    if (context.has("sessionId")) {
      builder.sessionId(context.get("sessionId").asString());
    }
    if (context.has("remoteAddress")) {
      builder.remoteAddress(context.get("remoteAddress").asString());
    }
    if (context.has("environment")) {
      builder.environment(context.get("environment").asString());
    }
    if (context.has("appName")) {
      builder.appName(context.get("appName").asString());
    }
    if (context.has("currentTime")) {
      builder.currentTime(ZonedDateTime.parse(context.get("currentTime").asString()));
    }
    context
        .path("properties")
        .properties()
        .forEach(p -> builder.addProperty(p.getKey(), p.getValue().asString()));
    return builder.build();
  }
}
