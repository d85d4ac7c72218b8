package dev.ficus.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ficus demo --help} and {@code ./ficus replay --help} on a fresh clone: the launcher is
 * copied into a folder with nothing built and no Maven wrapper, so any attempt to build first would
 * fail instead of printing the help.
 */
class LauncherHelpTest {

  static final Path HOME = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path clone;

  @Test
  void helpIsPrintedWithoutBuildingAnything() throws Exception {
    for (String file :
        new String[] {
          "ficus",
          "demo/src/main/help/demo-help.txt",
          "traffic-replay/src/main/help/replay-help.txt"
        }) {
      Path target = clone.resolve(file);
      Files.createDirectories(target.getParent());
      Files.copy(HOME.resolve(file), target);
    }
    assertThat(run("demo", "--help"))
        .isEqualTo(Files.readString(HOME.resolve("demo/src/main/help/demo-help.txt")));
    assertThat(run("replay", "--help"))
        .isEqualTo(Files.readString(HOME.resolve("traffic-replay/src/main/help/replay-help.txt")));
    assertThat(clone.resolve("demo/target")).doesNotExist();
  }

  private String run(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 2];
    command[0] = "bash";
    command[1] = clone.resolve("ficus").toString();
    System.arraycopy(args, 0, command, 2, args.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }
}
