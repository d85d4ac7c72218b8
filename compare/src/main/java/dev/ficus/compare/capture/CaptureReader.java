package dev.ficus.compare.capture;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

/**
 * Reads capture files, plain or gzip-compressed (told apart by their first bytes, not their names),
 * line by line. A line that is not a capture record comes back as a {@link Bad} line with its file
 * and number, so one broken line never stops a replay.
 */
public final class CaptureReader {

  private CaptureReader() {}

  /** One line of a capture file. */
  public sealed interface Line {
    Path file();

    long number();
  }

  /** A record read. */
  public record Entry(Path file, long number, CapturedExchange captured) implements Line {}

  /** A line that could not be read, and why. */
  public record Bad(Path file, long number, String problem) implements Line {
    @Override
    public String toString() {
      return file + ":" + number + ": " + problem;
    }
  }

  /**
   * The capture files named: files as given, directories as their {@code *.jsonl} and {@code
   * *.jsonl.gz} files in name order.
   *
   * @throws NoSuchFileException naming the first path that does not exist
   */
  public static List<Path> files(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> listing = Files.list(path)) {
          listing
              .filter(Files::isRegularFile)
              .filter(
                  p -> {
                    String name = p.getFileName().toString();
                    return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz");
                  })
              .sorted()
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new NoSuchFileException(path.toString(), null, "no such capture file or directory");
      }
    }
    return files;
  }

  /** The lines of one file, lazily; close the stream when done. */
  public static Stream<Line> lines(Path file) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8), 64 * 1024);
    Iterator<Line> iterator =
        new Iterator<>() {
          private long number;
          private Line next;

          @Override
          public boolean hasNext() {
            if (next != null) {
              return true;
            }
            try {
              String text;
              do {
                text = reader.readLine();
                number++;
              } while (text != null && text.isBlank());
              if (text == null) {
                return false;
              }
              try {
                next = new Entry(file, number, CaptureFormat.read(text));
              } catch (CaptureFormatException e) {
                next = new Bad(file, number, e.getMessage());
              }
              return true;
            } catch (IOException e) {
              // A gzip file cut short ends here; say where.
              next = null;
              throw new UncheckedIOException(
                  file + ":" + number + ": cannot read further: " + e.getMessage(), e);
            }
          }

          @Override
          public Line next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Line line = next;
            next = null;
            return line;
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false)
        .onClose(
            () -> {
              try {
                reader.close();
              } catch (IOException ignored) {
                // Nothing left to read from it.
              }
            });
  }

  /** The file's bytes, decompressed when they are gzip's. */
  public static InputStream open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    if (first == 0x1f && second == 0x8b) {
      try {
        return new GZIPInputStream(in, 64 * 1024);
      } catch (IOException e) {
        in.close();
        throw new IOException(
            file + ":1: cannot read further: a gzip file cut short in its header (" + e + ")", e);
      }
    }
    return in;
  }
}
