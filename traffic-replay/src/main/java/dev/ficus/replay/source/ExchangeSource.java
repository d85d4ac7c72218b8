package dev.ficus.replay.source;

import dev.ficus.compare.capture.CaptureReader;
import dev.ficus.compare.capture.CapturedExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Where a replay's exchanges come from: capture files (plain or gzipped, files or directories) and
 * HAR files, in the order given. Lines and entries that cannot be read go to the {@code bad}
 * listener with file and line; the rest still come.
 */
public final class ExchangeSource {

  /**
   * One exchange to replay.
   *
   * @param origin file and line (or HAR entry) it came from
   */
  public record Item(String origin, CapturedExchange captured) {}

  private final List<Path> captureFiles;
  private final List<Path> harFiles;

  private ExchangeSource(List<Path> captureFiles, List<Path> harFiles) {
    this.captureFiles = captureFiles;
    this.harFiles = harFiles;
  }

  /**
   * @throws NoSuchFileException naming the first path that does not exist
   */
  public static ExchangeSource of(List<Path> captures, List<Path> hars) throws IOException {
    for (Path har : hars) {
      if (!Files.isRegularFile(har)) {
        throw new NoSuchFileException(har.toString(), null, "no such HAR file");
      }
    }
    return new ExchangeSource(CaptureReader.files(captures), List.copyOf(hars));
  }

  public List<Path> files() {
    List<Path> all = new ArrayList<>(captureFiles);
    all.addAll(harFiles);
    return all;
  }

  /** Every exchange, lazily; close the stream when done. */
  public Stream<Item> items(Consumer<String> bad) {
    Stream<Item> captures =
        captureFiles.stream()
            .flatMap(
                file -> {
                  try {
                    return CaptureReader.lines(file)
                        .map(
                            line -> {
                              if (line instanceof CaptureReader.Entry entry) {
                                return new Item(file + ":" + entry.number(), entry.captured());
                              }
                              bad.accept(line.toString());
                              return null;
                            })
                        .filter(item -> item != null);
                  } catch (IOException e) {
                    throw new UncheckedIOException(file + ": cannot be read: " + e, e);
                  }
                });
    Stream<Item> hars =
        harFiles.stream()
            .flatMap(
                file -> {
                  try {
                    List<CapturedExchange> entries = Har.read(file, bad);
                    List<Item> items = new ArrayList<>(entries.size());
                    for (int i = 0; i < entries.size(); i++) {
                      items.add(new Item(file + "#" + i, entries.get(i)));
                    }
                    return items.stream();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e.getMessage(), e);
                  }
                });
    return Stream.concat(captures, hars);
  }
}
