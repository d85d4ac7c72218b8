package dev.ficus.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** Flags files in the Unleash client-API format, as a user writes them. */
public final class FlagsFiles {

  private FlagsFiles() {}

  /** One {@code flexibleRollout} flag per entry: flag name to rollout percentage. */
  public static String rollouts(Map<String, Integer> percentages) {
    return percentages.entrySet().stream()
        .map(
            e ->
                """
                {"name":"%s","enabled":true,"strategies":[{"name":"flexibleRollout",
                "parameters":{"rollout":"%d","stickiness":"userId","groupId":"%s"}}]}"""
                    .formatted(e.getKey(), e.getValue(), e.getKey()))
        .collect(Collectors.joining(",", "{\"version\":2,\"features\":[", "]}"));
  }

  public static Path write(Path file, Map<String, Integer> percentages) {
    try {
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, rollouts(percentages));
      return Files.move(
          temporary,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path temporaryDirectory() {
    try {
      Path dir = Files.createTempDirectory("ficus-test-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
