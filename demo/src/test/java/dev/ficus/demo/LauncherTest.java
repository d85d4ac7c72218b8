package dev.ficus.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./ficus} in a copy of the checkout where the Maven wrapper and {@code java}
 * are stand-ins: the wrapper records each build it is asked for and makes the gateway's jar after a
 * pause, {@code java} prints what it was asked to run. Nothing real is built or started.
 */
class LauncherTest {

  static final Path HOME = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path clone;
  Path bin;
  Path builds;

  @BeforeEach
  void copyTheLauncher() throws IOException {
    Files.copy(HOME.resolve("ficus"), clone.resolve("ficus"));
    builds = clone.resolve("builds.log");
    executable(
        clone.resolve("mvnw"),
        """
        #!/usr/bin/env bash
        echo "start $*" >> "%s"
        sleep 2
        mkdir -p gateway/target
        echo jar > gateway/target/ficus-gateway.jar
        echo "end" >> "%s"
        """
            .formatted(builds, builds));
    bin = Files.createDirectories(clone.resolve("bin"));
    executable(bin.resolve("java"), "#!/usr/bin/env bash\necho \"java $*\"\n");
    Files.writeString(clone.resolve("ficus.yml"), "ficus.legacy.uri: http://127.0.0.1:8081\n");
  }

  @Test
  void gatewayHelpListsTheGatewaysOwnOptionsWithoutBuilding() throws Exception {
    Process help = launcher("gateway", "--help");
    String out = output(help);
    assertThat(help.exitValue()).as(out).isZero();
    assertThat(out)
        .startsWith("Usage: ./ficus gateway --config FILE [SPRING_ARGS...]")
        .contains("--config FILE", "--server.port=", "--ficus.admin.port=", "FICUS_JAVA_OPTS")
        .contains("docs/configuration.md")
        .doesNotContain("./ficus replay", "./ficus demo");
    assertThat(builds).doesNotExist();

    Process noConfig = launcher("gateway");
    String error = output(noConfig);
    assertThat(noConfig.exitValue()).isEqualTo(2);
    assertThat(error)
        .contains("gateway needs --config FILE")
        .contains("./ficus gateway --config examples/quickstart/ficus.yml");
  }

  @Test
  void twoFirstRunsAtOnceBuildOnceTheSecondWaitingForTheFirst() throws Exception {
    Process first = launcher("gateway", "--config", "ficus.yml");
    Process second = launcher("gateway", "--config", "ficus.yml");
    String one = output(first);
    String two = output(second);
    assertThat(first.exitValue()).as(one).isZero();
    assertThat(second.exitValue()).as(two).isZero();
    assertThat(Files.readAllLines(builds))
        .as("one build, not two on the same target folders")
        .hasSize(2)
        .first()
        .asString()
        .startsWith("start ");
    assertThat(Files.readAllLines(builds).get(1)).isEqualTo("end");
    for (String out : List.of(one, two)) {
      assertThat(out).contains("java ").contains("ficus-gateway.jar");
    }
    // The lock is released before the gateway runs: a third launch neither waits nor builds.
    Process third = launcher("gateway", "--config", "ficus.yml");
    String three = output(third);
    assertThat(third.exitValue()).as(three).isZero();
    assertThat(three).doesNotContain("waiting");
    assertThat(Files.readAllLines(builds)).hasSize(2);
  }

  private Process launcher(String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("bash", "ficus"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(clone.toFile()).redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    return builder.start();
  }

  private static String output(Process process) throws Exception {
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
