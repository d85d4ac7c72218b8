package dev.ficus.gateway.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ficus.gateway.testing.FlagsFiles;
import dev.ficus.gateway.testing.Replica;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fleet checks with one flags file both replicas read (as replicas on one host, or mounting one
 * volume, do): changes rewrite it atomically, replicas re-read it every second, and an operator may
 * edit it by hand.
 */
class FleetFlagsFileIT extends FleetChecks {

  final Path dir = FlagsFiles.temporaryDirectory();
  Path file;
  String goodContent;

  /** The Unleash variant asks ten thousand; the decisions are the same engine's. */
  @Override
  int users() {
    return 3_000;
  }

  @Override
  void startSource() {
    file = dir.resolve("flags.json");
  }

  @Override
  void stopSource() {}

  @Override
  Map<String, String> flagSource(String replica) {
    return Map.of("ficus.flags.file", file.toString());
  }

  @Override
  void createTripsFlag() {
    write(
        """
        {"version": 2, "features": [
          {"name": "trips-flag", "enabled": true, "strategies": [{"name": "flexibleRollout",
            "parameters": {"rollout": "30", "stickiness": "userId", "groupId": "trips-flag"}}]}
        ]}
        """);
  }

  @Override
  void setShareAtTheSource(int share) {
    try {
      JsonNode root = JSON.readTree(Files.readString(file));
      for (JsonNode feature : root.get("features")) {
        if (feature.get("name").asString().equals("trips-flag")) {
          ((ObjectNode) feature.get("strategies").get(0).get("parameters"))
              .put("rollout", Integer.toString(share));
        }
      }
      write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A hand edit: a whole new file renamed into place. */
  private void write(String content) {
    try {
      Path temporary = dir.resolve("flags.json.edit");
      Files.writeString(temporary, content);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  void breakSource() {
    try {
      goodContent = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(goodContent.substring(0, goodContent.length() / 2));
  }

  @Override
  void repairSource() {
    write(goodContent);
  }

  @Override
  String brokenState() {
    return "rejected";
  }

  @Override
  String outageLogLine() {
    return "Flag source file " + file + " rejected";
  }

  @Override
  void checkAStartDuringTheOutage(List<String> sidesBefore) {
    Throwable failure = catchThrowable(() -> Replica.start("c", settings("c")).close());
    assertThat(failure).as("a flags file that is not valid stops a start, naming it").isNotNull();
    Throwable cause = failure;
    while (cause.getCause() != null && !cause.getMessage().contains("ficus.flags.file")) {
      cause = cause.getCause();
    }
    assertThat(cause.getMessage()).contains("ficus.flags.file: " + file).contains("not valid JSON");
  }
}
