package dev.ficus.replay.cli;

import dev.ficus.compare.capture.CapturedExchange;
import dev.ficus.replay.source.ExchangeSource;
import dev.ficus.replay.source.Har;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./ficus replay export-har}: captures as one HAR 1.2 file, for browser tools. */
@Command(
    name = "export-har",
    mixinStandardHelpOptions = true,
    description =
        "Writes captured exchanges as a HAR 1.2 file, each with the answer its client got.")
final class ExportHarCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--capture",
      arity = "1..*",
      required = true,
      paramLabel = "PATH",
      description = "Capture files or folders.")
  List<Path> captures = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The HAR file.")
  Path out;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ExchangeSource source;
    try {
      source = ExchangeSource.of(captures, List.of());
    } catch (NoSuchFileException e) {
      err.println("ficus replay export-har: " + e.getFile() + ": " + e.getReason());
      return ReplayCommand.BAD_INPUT;
    } catch (IOException e) {
      err.println("ficus replay export-har: " + e.getMessage());
      return ReplayCommand.BAD_INPUT;
    }
    List<String> bad = new ArrayList<>();
    List<CapturedExchange> exchanges = new ArrayList<>();
    try (Stream<ExchangeSource.Item> items = source.items(bad::add)) {
      items.forEach(item -> exchanges.add(item.captured()));
    } catch (UncheckedIOException e) {
      bad.add(e.getMessage());
    }
    try {
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      try (OutputStream stream = Files.newOutputStream(out)) {
        Har.write(exchanges, stream);
      }
    } catch (IOException e) {
      err.println("ficus replay export-har: cannot write " + out + ": " + e.getMessage());
      return ReplayCommand.BAD_INPUT;
    }
    spec.commandLine().getOut().printf("Wrote %d exchanges to %s%n", exchanges.size(), out);
    bad.stream().limit(20).forEach(problem -> err.println("skipped: " + problem));
    if (!bad.isEmpty()) {
      err.printf("%d unreadable lines skipped%n", bad.size());
    }
    spec.commandLine().getOut().flush();
    err.flush();
    return ReplayCommand.PASSED;
  }
}
