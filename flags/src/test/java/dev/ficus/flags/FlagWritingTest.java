package dev.ficus.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A route's stage, share and rollback written into a flags file, and read back as written. */
class FlagWritingTest {

  @TempDir Path dir;

  static final String TWO_FLAGS =
      """
      {"version":2,"features":[
        {"name":"trips","enabled":true,"strategies":[{"name":"flexibleRollout",
          "parameters":{"rollout":"5","stickiness":"userId","groupId":"trips"}}]},
        {"name":"other","enabled":false,"description":"left alone","strategies":[{"name":"default"}]}
      ]}
      """;

  @Test
  void writesStageAndShareInUnleashsModelAndLeavesOtherFlagsAlone() throws Exception {
    Path file = Files.writeString(dir.resolve("flags.json"), TWO_FLAGS);
    try (RolloutFlags flags = RolloutFlags.fromFile(file)) {
      FlagDefinition before = flags.definitions().get("trips");
      assertThat(before.share()).isEqualTo(5);
      assertThat(before.stage()).as("no variant: the YAML mode applies").isNull();

      flags.writer().orElseThrow().write("trips", new FlagUpdate(Stage.CANARY, 25, null));

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> flags.definitions().get("trips").stage() == Stage.CANARY);
      FlagDefinition after = flags.definitions().get("trips");
      assertThat(after.share()).isEqualTo(25);
      assertThat(after.enabled()).isTrue();
      assertThat(flags.definitions().get("other"))
          .isEqualTo(new FlagDefinition("other", null, false, null, null, null, 1));
      assertThat(Files.readString(file)).contains("\"description\" : \"left alone\"");
      assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    }
  }

  @Test
  void writesBesideAFlagWhoseStageVariantIsGivenOnlyByItsName() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("flags.json"),
            """
            {"version": 2, "features": [
              {"name": "trips", "enabled": true, "strategies": [
                {"name": "flexibleRollout",
                 "parameters": {"rollout": "0", "stickiness": "userId", "groupId": "trips"},
                 "variants": [{"name": "shadow"}]}]},
              {"name": "fares", "enabled": true, "strategies": [
                {"name": "flexibleRollout",
                 "parameters": {"rollout": "50", "stickiness": "userId", "groupId": "fares"},
                 "variants": [{"name": "canary"}]}]}]}
            """);
    try (RolloutFlags flags = RolloutFlags.fromFile(file)) {
      flags.writer().orElseThrow().write("fares", new FlagUpdate(Stage.CANARY, 30, null));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> Integer.valueOf(30).equals(flags.definitions().get("fares").share()));
      assertThat(flags.definitions().get("trips").stage())
          .as("the other flag, left as written, still loads")
          .isEqualTo(Stage.SHADOW);
    }
  }

  @Test
  void holdsARollbackWithTheStageAndShareToRestore() throws Exception {
    Path file = Files.writeString(dir.resolve("flags.json"), TWO_FLAGS);
    FlagRollback rollback =
        new FlagRollback(
            "guardrail",
            "mismatch rate 60%",
            Instant.parse("2026-11-29T10:00:00Z"),
            "guardrail",
            Stage.CANARY,
            25);
    try (RolloutFlags flags = RolloutFlags.fromFile(file)) {
      flags.writer().orElseThrow().write("trips", new FlagUpdate(Stage.LEGACY, null, rollback));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> flags.definitions().get("trips").rollback() != null);
      FlagDefinition held = flags.definitions().get("trips");
      assertThat(held.stage()).isEqualTo(Stage.LEGACY);
      assertThat(held.rollback()).isEqualTo(rollback);
      assertThat(held.share()).as("the share is kept for the restore").isEqualTo(5);
    }
    try (RolloutFlags restarted = RolloutFlags.fromFile(file)) {
      assertThat(restarted.definitions().get("trips").rollback()).isEqualTo(rollback);
    }
  }

  @Test
  void createsAMissingFlagAndKeepsEveryWriteOfConcurrentWriters() throws Exception {
    Path file = Files.writeString(dir.resolve("flags.json"), TWO_FLAGS);
    FlagWriter one = RolloutFlags.fromFile(file).writer().orElseThrow();
    FlagWriter other = RolloutFlags.fromFile(file).writer().orElseThrow();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> writes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      FlagWriter writer = i % 2 == 0 ? one : other;
      String flag = "flag-" + i;
      writes.add(
          pool.submit(
              () -> {
                writer.write(flag, new FlagUpdate(Stage.SHADOW, 10, null));
                return null;
              }));
    }
    for (Future<?> write : writes) {
      write.get();
    }
    pool.shutdown();
    try (RolloutFlags flags = RolloutFlags.fromFile(file)) {
      for (int i = 0; i < 20; i++) {
        assertThat(flags.definitions().get("flag-" + i).stage()).isEqualTo(Stage.SHADOW);
      }
      assertThat(flags.definitions()).containsKeys("trips", "other");
    }
  }

  @Test
  void aFileThatCannotBeWrittenIsLeftAsItWasAndSaysWhy() throws Exception {
    Path file = Files.writeString(dir.resolve("flags.json"), TWO_FLAGS);
    try (RolloutFlags flags = RolloutFlags.fromFile(file)) {
      // Tests may run as root, whom file permissions do not stop: a folder where the lock file
      // goes fails the write for anyone.
      Files.createDirectory(dir.resolve("flags.json.lock"));
      FlagWriter writer = flags.writer().orElseThrow();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> writer.write("trips", new FlagUpdate(Stage.NEW, null, null)))
          .isInstanceOf(FlagWriteException.class)
          .hasMessageContaining("cannot write " + file);
      assertThat(Files.readString(file)).isEqualTo(TWO_FLAGS);
    }
  }
}
