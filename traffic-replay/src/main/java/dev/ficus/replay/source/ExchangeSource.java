package dev.ficus.replay.source;

import dev.ficus.compare.capture.CaptureReader;
import dev.ficus.compare.capture.CapturedExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

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

  /**
   * Lines in the capture files (HAR entries not counted): the most exchanges a run can have, for a
   * progress display. Unreadable files count as empty; the run reports them.
   */
  public long captureLines() {
    long lines = 0;
    for (Path file : captureFiles) {
      try (java.io.InputStream in = CaptureReader.open(file)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
              lines++;
            }
          }
        }
      } catch (IOException e) {
        // Counted as empty.
      }
    }
    return lines;
  }

  /**
   * Every exchange, lazily, one file after the other; close the stream when done. (Not built on
   * {@code flatMap}, whose iterator buffers a whole file at a time.)
   */
  public Stream<Item> items(Consumer<String> bad) {
    FileChain iterator = new FileChain(bad);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false)
        .onClose(iterator::closeOpen);
  }

  /** The items of one file after the other, each file opened when the one before is done. */
  private final class FileChain implements Iterator<Item> {
    private final Consumer<String> bad;
    private int nextFile;
    private Iterator<Item> current = java.util.Collections.emptyIterator();
    private Stream<CaptureReader.Line> open;

    FileChain(Consumer<String> bad) {
      this.bad = bad;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext()) {
        closeOpen();
        if (nextFile >= captureFiles.size() + harFiles.size()) {
          return false;
        }
        current = openFile(nextFile++, bad);
      }
      return true;
    }

    @Override
    public Item next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return current.next();
    }

    private Iterator<Item> openFile(int index, Consumer<String> bad) {
      if (index < captureFiles.size()) {
        Path file = captureFiles.get(index);
        try {
          open = CaptureReader.lines(file);
        } catch (IOException e) {
          throw new UncheckedIOException(file + ": cannot be read: " + e, e);
        }
        return open.map(
                line -> {
                  if (line instanceof CaptureReader.Entry entry) {
                    return new Item(file + ":" + entry.number(), entry.captured());
                  }
                  bad.accept(line.toString());
                  return null;
                })
            .filter(item -> item != null)
            .iterator();
      }
      Path file = harFiles.get(index - captureFiles.size());
      try {
        List<CapturedExchange> entries = Har.read(file, bad);
        List<Item> items = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
          items.add(new Item(file + "#" + i, entries.get(i)));
        }
        return items.iterator();
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }

    void closeOpen() {
      if (open != null) {
        open.close();
        open = null;
      }
    }
  }
}
