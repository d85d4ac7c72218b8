package dev.ficus.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ficus.flags.internal.UnleashRolloutFlags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every strategy Unleash decides, written by hand in a flags file: taken and decided by the Unleash
 * engine as the Java SDK does, and what it would silently decide otherwise than meant (a misspelled
 * strategy, a percentage out of range, a number for a string) refused at load with the flag, the
 * strategy and the parameter.
 */
class FlagsFileStrategiesTest {

  @TempDir Path dir;

  private Path write(String strategies) throws IOException {
    return Files.writeString(
        dir.resolve("flags.json"),
        """
        {"version":2,"features":[{"name":"new-trip-service","enabled":true,"strategies":[%s]}]}
        """
            .formatted(strategies));
  }

  private static Set<Integer> usersOn(RolloutFlags flags) {
    return IntStream.range(0, 10_000)
        .filter(i -> flags.stateFor("new-trip-service", "user-" + i) == FlagState.ON)
        .boxed()
        .collect(Collectors.toSet());
  }

  @Test
  void refusesAMisspelledStrategyNamingItAndTheNearestOne() throws IOException {
    Path file =
        write(
            """
            {"name":"flexibleRolout","parameters":{"rollout":"30","stickiness":"userId"}}""");
    assertThatThrownBy(() -> RolloutFlags.fromFile(file))
        .isInstanceOf(FlagsFileException.class)
        .hasMessageContaining(
            "features[0] (new-trip-service) strategy flexibleRolout: is not a strategy Unleash"
                + " knows, so it would never enable anyone; did you mean flexibleRollout?")
        .hasMessageContaining("gradualRolloutUserId");
  }

  @Test
  void refusesAStrategyWithoutAName() throws IOException {
    Path file = write("{\"parameters\":{\"rollout\":\"30\"}}");
    assertThatThrownBy(() -> RolloutFlags.fromFile(file))
        .hasMessageContaining(
            "features[0] (new-trip-service) strategies[0] needs a \"name\", one of ");
  }

  @Test
  void refusesALegacyPercentageOutOfRangeNamingFlagStrategyAndParameter() throws IOException {
    Path file =
        write("{\"name\":\"gradualRolloutUserId\",\"parameters\":{\"percentage\":\"150\"}}");
    assertThatThrownBy(() -> RolloutFlags.fromFile(file))
        .hasMessageContaining(
            "features[0] (new-trip-service) strategy gradualRolloutUserId: parameter percentage"
                + " '150' must be a whole number from 0 to 100");
  }

  @Test
  void saysWhichParameterALegacyStrategyReadsWhenGivenTheOther() throws IOException {
    Path file = write("{\"name\":\"gradualRolloutRandom\",\"parameters\":{\"rollout\":\"30\"}}");
    assertThatThrownBy(() -> RolloutFlags.fromFile(file))
        .hasMessageContaining(
            "strategy gradualRolloutRandom: parameter percentage is missing; give a percentage"
                + " from 0 to 100, e.g. \"percentage\": \"30\" (gradualRolloutRandom reads"
                + " percentage, not rollout)");
  }

  @Test
  void refusesANumberWhereUnleashWritesAString() throws IOException {
    // The Unleash engine takes such a document without a word and then holds no flag at all.
    Path file =
        write("{\"name\":\"flexibleRollout\",\"parameters\":{\"rollout\":30,\"groupId\":\"g\"}}");
    assertThatThrownBy(() -> RolloutFlags.fromFile(file))
        .hasMessageContaining(
            "features[0] (new-trip-service) strategy flexibleRollout: parameter rollout is not a"
                + " string (30); write it as \"30\"");
  }

  @Test
  void namesTheFlagTheEngineWouldDrop() throws IOException {
    Path file =
        write(
            """
            {"name":"default","constraints":[{"contextName":"tenant","operator":"IN","values":"acme"}]}""");
    assertThatThrownBy(() -> RolloutFlags.fromFile(file))
        .hasMessageContaining(
            "is not taken by the Unleash engine, which would then hold no flag at all:"
                + " features[0] (new-trip-service) has a field of a kind Unleash does not write");
  }

  @Test
  void decidesAGradualRolloutByUserIdForTheSameUsersAsAFlexibleRolloutByUserId()
      throws IOException {
    Set<Integer> legacy;
    try (RolloutFlags flags =
        RolloutFlags.fromFile(
            write(
                """
                {"name":"gradualRolloutUserId","parameters":{"percentage":"30","groupId":"trips"}}"""))) {
      legacy = usersOn(flags);
    }
    Set<Integer> flexible;
    try (RolloutFlags flags =
        RolloutFlags.fromFile(
            write(
                """
                {"name":"flexibleRollout","parameters":{"rollout":"30","stickiness":"userId","groupId":"trips"}}"""))) {
      flexible = usersOn(flags);
    }
    assertThat(legacy.size() / 100.0).isBetween(28.5, 31.5);
    assertThat(legacy).isEqualTo(flexible);
  }

  @Test
  void takesEveryStrategyUnleashDecides() throws IOException {
    Path file =
        write(
            """
            {"name":"default"},
            {"name":"userWithId","parameters":{"userIds":"alice, bob"}},
            {"name":"flexibleRollout","parameters":{"rollout":"10","stickiness":"sessionId","groupId":"g"}},
            {"name":"gradualRolloutUserId","parameters":{"percentage":"10","groupId":"g"}},
            {"name":"gradualRolloutSessionId","parameters":{"percentage":"10","groupId":"g"}},
            {"name":"gradualRolloutRandom","parameters":{"percentage":"0"}},
            {"name":"remoteAddress","parameters":{"IPs":"10.0.0.0/8"}},
            {"name":"applicationHostname","parameters":{"hostNames":"nowhere.example"}}""");
    try (RolloutFlags flags = RolloutFlags.fromFile(file)) {
      assertThat(flags.status().state()).isEqualTo(FlagSourceStatus.OK);
      assertThat(flags.definitions().get("new-trip-service").strategies()).isEqualTo(8);
      assertThat(flags.definitions().get("new-trip-service").share()).isEqualTo(10);
      assertThat(flags.stateFor("new-trip-service", "bob")).isEqualTo(FlagState.ON);
    }
  }

  @Test
  void warnsOfAnUnknownFlagWithTheNearestKnownOne() throws IOException {
    Logger logger = (Logger) LoggerFactory.getLogger(UnleashRolloutFlags.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try (RolloutFlags flags = RolloutFlags.fromFile(write("{\"name\":\"default\"}"))) {
      assertThat(flags.stateFor("new-trips-service", "u1")).isEqualTo(FlagState.UNKNOWN);
      assertThat(flags.stateFor("checkout", "u1")).isEqualTo(FlagState.UNKNOWN);
    } finally {
      logger.detachAppender(lines);
    }
    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("Flag 'new-trips-service' is not known to file ")
                    .endsWith(
                        " (did you mean 'new-trip-service'?); its users are served by legacy"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("Flag 'checkout' is not known to file ")
                    .endsWith(".json; its users are served by legacy"));
  }

  @Test
  void loadsTheDeltaApisEventsAndWritesThemBackInTheClientApiForm() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("flags.json"),
            """
            {"events":[
              {"eventId":1,"type":"hydration","segments":[],"features":[
                {"name":"trips","enabled":true,"strategies":[{"name":"flexibleRollout",
                  "parameters":{"rollout":"100","stickiness":"userId","groupId":"trips"}}]},
                {"name":"gone","enabled":true,"strategies":[{"name":"default"}]}]},
              {"eventId":2,"type":"feature-removed","featureName":"gone","project":"default"}]}
            """);
    try (RolloutFlags flags = RolloutFlags.fromFile(file)) {
      assertThat(flags.definitions().keySet()).containsExactly("trips");
      assertThat(flags.stateFor("trips", "u1")).isEqualTo(FlagState.ON);
      flags.writer().orElseThrow().write("trips", new FlagUpdate(Stage.CANARY, 0, null));
      assertThat(flags.stateFor("trips", "u1"))
          .as("decided by the write at once on the replica that made it")
          .isEqualTo(FlagState.OFF);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> flags.definitions().get("trips").stage() == Stage.CANARY);
      assertThat(flags.stateFor("trips", "u1")).isEqualTo(FlagState.OFF);
    } catch (FlagWriteException e) {
      throw new AssertionError(e);
    }
    assertThat(Files.readString(file)).contains("\"features\"").doesNotContain("\"events\"");
  }
}
