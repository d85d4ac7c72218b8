package dev.ficus.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code ./ficus demo --help} prints a checked-in copy of the help, so it is instant on a fresh
 * clone (nothing to build first); this holds the copy equal to what the demo itself prints.
 */
class HelpTextTest {

  static final Path COPY = Path.of("src", "main", "help", "demo-help.txt");

  @Test
  void theLaunchersCopyOfTheHelpIsTheDemoHelp() throws IOException {
    StringWriter out = new StringWriter();
    int code =
        DemoMain.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "--help");
    assertThat(code).isZero();
    if (Boolean.getBoolean("ficus.regenerate")) {
      Files.createDirectories(COPY.getParent());
      Files.writeString(COPY, out.toString());
    }
    assertThat(Files.readString(COPY))
        .as("regenerate with ./mvnw -pl demo test -Dtest=HelpTextTest -Dficus.regenerate=true")
        .isEqualTo(out.toString());
  }
}
