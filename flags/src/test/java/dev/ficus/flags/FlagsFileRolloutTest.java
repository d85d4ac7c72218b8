package dev.ficus.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagsFileRolloutTest {

  @TempDir Path dir;

  static String rollout(String flag, int percent) {
    return """
        {"version":2,"features":[{"name":"%s","enabled":true,"strategies":[{"name":"flexibleRollout",
        "parameters":{"rollout":"%d","stickiness":"userId","groupId":"%s"}}]}]}
        """
        .formatted(flag, percent, flag);
  }

  private Path write(String content) throws IOException {
    Path file = dir.resolve("flags.json");
    Files.writeString(file, content);
    return file;
  }

  private static double shareOn(RolloutFlags flags, String flag) {
    long on =
        IntStream.range(0, 10_000)
            .filter(i -> flags.stateFor(flag, "user-" + i) == FlagState.ON)
            .count();
    return on / 100.0;
  }

  @Test
  void servesTheConfiguredShareOfTenThousandUsers() throws IOException {
    try (RolloutFlags flags = RolloutFlags.fromFile(write(rollout("new-trip-service", 30)))) {
      assertThat(shareOn(flags, "new-trip-service")).isBetween(28.5, 31.5);
    }
  }

  @Test
  void givesTheSameUserTheSameAnswerEveryTimeAndInEveryInstance() throws IOException {
    Path file = write(rollout("f", 50));
    try (RolloutFlags one = RolloutFlags.fromFile(file);
        RolloutFlags other = RolloutFlags.fromFile(file)) {
      for (int i = 0; i < 200; i++) {
        String user = "user-" + i;
        FlagState first = one.stateFor("f", user);
        for (int n = 0; n < 50; n++) {
          assertThat(one.stateFor("f", user)).isEqualTo(first);
        }
        assertThat(other.stateFor("f", user)).isEqualTo(first);
      }
    }
  }

  @Test
  void picksUpAChangedFileWithinFiveSeconds() throws IOException {
    Path file = write(rollout("f", 10));
    try (RolloutFlags flags = RolloutFlags.fromFile(file)) {
      assertThat(shareOn(flags, "f")).isBetween(8.5, 11.5);
      Files.writeString(file, rollout("f", 80));
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(shareOn(flags, "f")).isBetween(78.5, 81.5));
    }
  }

  @Test
  void keepsTheLastGoodFlagsWhenTheFileBecomesMalformed() throws IOException, InterruptedException {
    Path file = write(rollout("f", 100));
    try (RolloutFlags flags = RolloutFlags.fromFile(file)) {
      Files.writeString(file, "{\"features\": [ {\"name\": ");
      Thread.sleep(2_500);
      assertThat(flags.stateFor("f", "anyone")).isEqualTo(FlagState.ON);
      Files.delete(file);
      Thread.sleep(1_500);
      assertThat(flags.stateFor("f", "anyone")).isEqualTo(FlagState.ON);
      Files.writeString(file, rollout("f", 0));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> flags.stateFor("f", "anyone") == FlagState.OFF);
    }
  }

  @Test
  void takesAStageVariantGivenOnlyByItsNameAsTheDocsShowIt() throws IOException {
    Path file =
        write(
            """
            {"version": 2, "features": [
              {"name": "new-trip-service", "enabled": true, "strategies": [
                {"name": "flexibleRollout",
                 "parameters": {"rollout": "25", "stickiness": "userId",
                                "groupId": "new-trip-service"},
                 "variants": [{"name": "canary"}]}]}]}
            """);
    try (RolloutFlags flags = RolloutFlags.fromFile(file)) {
      assertThat(flags.definitions().get("new-trip-service").stage()).isEqualTo(Stage.CANARY);
      assertThat(shareOn(flags, "new-trip-service")).isBetween(23.5, 26.5);
    }
  }

  @Test
  void saysAnUnknownFlagIsUnknown() throws IOException {
    try (RolloutFlags flags = RolloutFlags.fromFile(write(rollout("f", 100)))) {
      assertThat(flags.stateFor("no-such-flag", "u1")).isEqualTo(FlagState.UNKNOWN);
    }
  }

  @Test
  void rejectsAMissingFileNamingIt() {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> RolloutFlags.fromFile(missing))
        .isInstanceOf(FlagsFileException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("cannot be read");
  }

  @Test
  void rejectsMalformedJsonWithItsPosition() throws IOException {
    Path file = write("{\"version\":2,\n\"features\": [ oops ]}");
    assertThatThrownBy(() -> RolloutFlags.fromFile(file))
        .isInstanceOf(FlagsFileException.class)
        .hasMessageContaining("is not valid JSON")
        .hasMessageContaining("line 2");
  }

  @Test
  void rejectsARolloutThatIsNoPercentageNamingTheFlagAndParameter() throws IOException {
    assertThatThrownBy(
            () -> RolloutFlags.fromFile(write(rollout("f", 100).replace("\"100\"", "\"abc\""))))
        .isInstanceOf(FlagsFileException.class)
        .hasMessageContaining(
            "features[0] (f) strategy flexibleRollout: parameter rollout 'abc' must be a whole number from 0 to 100");
    assertThatThrownBy(() -> RolloutFlags.fromFile(write(rollout("f", 150))))
        .hasMessageContaining("parameter rollout '150' must be a whole number from 0 to 100");
  }

  @Test
  void keepsTheLastGoodFlagsWhenAReloadHasABadRolloutAndSaysSo() throws Exception {
    Path file = write(rollout("f", 100));
    try (RolloutFlags flags = RolloutFlags.fromFile(file)) {
      assertThat(flags.status().state()).isEqualTo(FlagSourceStatus.OK);
      Files.writeString(file, rollout("f", 150));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> flags.status().state().equals(FlagSourceStatus.REJECTED));
      assertThat(flags.status().problem()).contains("parameter rollout '150'");
      assertThat(flags.stateFor("f", "anyone")).isEqualTo(FlagState.ON);
      assertThat(flags.definitions().get("f").share()).isEqualTo(100);
      Files.writeString(file, rollout("f", 40));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> flags.status().state().equals(FlagSourceStatus.OK));
      assertThat(flags.definitions().get("f").share()).isEqualTo(40);
    }
  }

  @Test
  void logsWhatAReloadChangedFlagByFlag() throws Exception {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(dev.ficus.flags.internal.FlagSourceState.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      Path file = write(rollout("f", 30));
      try (RolloutFlags flags = RolloutFlags.fromFile(file)) {
        Files.writeString(file, rollout("f", 70));
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> flags.definitions().get("f").share() == 70);
      }
      assertThat(lines.list)
          .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .anySatisfy(
              line ->
                  assertThat(line)
                      .endsWith("f: on, rollout 30%, stage none -> on, rollout 70%, stage none"));
    } finally {
      logger.detachAppender(lines);
    }
  }

  @Test
  void rejectsJsonThatIsNotTheClientApiFormat() throws IOException {
    assertThatThrownBy(() -> RolloutFlags.fromFile(write("{\"flags\": {}}")))
        .hasMessageContaining("needs a \"features\" array");
    assertThatThrownBy(() -> RolloutFlags.fromFile(write("{\"features\": [{\"enabled\": true}]}")))
        .hasMessageContaining("features[0] needs a \"name\"");
  }
}
