package dev.ficus.compare.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses closed capture files on a thread of its own, so the writer goes on writing: {@code
 * x.jsonl} becomes {@code x.jsonl.gz} through a temporary file, and the plain file is removed only
 * once the compressed one is complete. A file that cannot be compressed stays plain and readable.
 */
final class GzipOnClose {

  private final Consumer<String> problems;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread t = new Thread(runnable, "ficus-capture-gzip");
            t.setDaemon(true);
            return t;
          });

  GzipOnClose(Consumer<String> problems) {
    this.problems = problems;
  }

  static Path gzipped(Path path) {
    return path.resolveSibling(path.getFileName() + ".gz");
  }

  void compress(Path path) {
    thread.execute(() -> run(path));
  }

  /** Compresses what is queued, waiting up to {@code timeout}. */
  void finish(Duration timeout) throws InterruptedException {
    thread.shutdown();
    thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run(Path path) {
    Path target = gzipped(path);
    Path temporary = path.resolveSibling(target.getFileName() + ".tmp");
    try (InputStream in = Files.newInputStream(path);
        OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(temporary), 64 * 1024)) {
      in.transferTo(gzip);
    } catch (IOException e) {
      problems.accept(
          "compressing " + CaptureWriter.describe(path) + " failed (the plain file is kept): " + e);
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // Reported above; a leftover .tmp file is harmless.
      }
      return;
    }
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      Files.delete(path);
    } catch (IOException e) {
      problems.accept("finishing " + CaptureWriter.describe(target) + " failed: " + e);
    }
  }

  @Override
  public String toString() {
    return "GzipOnClose[" + (thread.isShutdown() ? "finishing" : "running") + "]";
  }
}
