package dev.ficus.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One process of the demo: started with its output in a log file, checked until it is ready. */
final class Part {

  private final String name;
  private final Process process;
  private final Path log;

  private Part(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static Part start(String name, List<String> command, Path workingDir, Path log)
      throws DemoException {
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .directory(workingDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new Part(name, process, log);
    } catch (IOException e) {
      throw new DemoException(name + " could not be started: " + e.getMessage());
    }
  }

  /**
   * Waits until {@code health} answers 200.
   *
   * @throws DemoException naming the part and why, with the end of its log, when it exits or is not
   *     ready in time
   */
  void awaitReady(URI health, Duration timeout) throws DemoException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new DemoException(
            name + " stopped while starting (exit code " + process.exitValue() + ")" + tail());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DemoException("interrupted while waiting for " + name);
      }
      sleep(250);
    }
    throw new DemoException(
        name + " was not ready within " + timeout.toSeconds() + " s (" + health + ")" + tail());
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  /** The last lines of the log, to say why a part failed. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      List<String> last = lines.subList(Math.max(0, lines.size() - 15), lines.size());
      return last.isEmpty()
          ? "; its log " + log + " is empty"
          : "; the end of its log (" + log + "):\n    " + String.join("\n    ", last);
    } catch (IOException e) {
      return "; see " + log;
    }
  }

  /** Stops the process and everything it started; waits up to ten seconds before killing. */
  void stop() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Part[" + name + ", pid " + process.pid() + (process.isAlive() ? "" : ", stopped") + "]";
  }
}
