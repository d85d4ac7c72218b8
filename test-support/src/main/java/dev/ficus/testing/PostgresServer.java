package dev.ficus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for a test class: Debian's {@code postgresql} package, in a folder of
 * its own on a free loopback port, trusting local connections. It can be stopped and started again
 * on the same data and port, as a database outage. When the tests run as root it runs as the {@code
 * postgres} user, as PostgreSQL refuses root.
 */
public final class PostgresServer implements AutoCloseable {

  /** The superuser the tests connect as. */
  public static final String USER = "ficus";

  private final Path dir;
  private final Path bin;
  private final int port;
  private Process process;

  private PostgresServer(Path dir, Path bin, int port) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
  }

  /** Initialises a fresh cluster and starts it. */
  public static PostgresServer start() {
    Path bin =
        binaries()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "PostgreSQL's server programs are not installed (no"
                            + " /usr/lib/postgresql/*/bin/initdb); install Debian's postgresql package"
                            + " (.ci/setup does)"));
    try {
      Path dir = Files.createTempDirectory("ficus-postgres-");
      if (Processes.isRoot()) {
        Processes.run(
            List.of("chown", "-R", "postgres", dir.toString()),
            Files.createTempFile("ficus-chown-", ".log"));
      }
      Processes.run(
          Processes.as(
              "postgres",
              List.of(
                  bin.resolve("initdb").toString(),
                  "-D",
                  dir.resolve("data").toString(),
                  "-U",
                  USER,
                  "--auth=trust",
                  "-E",
                  "UTF8",
                  "--no-sync")),
          Files.createTempFile("ficus-initdb-", ".log"));
      PostgresServer server = new PostgresServer(dir, bin, Processes.freePort());
      server.startAgain();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Path> binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(candidate -> Files.isExecutable(candidate.resolve("initdb")))
          .max(Comparator.comparing(Path::toString));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Starts the server on its data and port (again, after {@link #stop()}). */
  public synchronized void startAgain() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      Path log = dir.resolve("postgres.log");
      process =
          new ProcessBuilder(
                  Processes.as(
                      "postgres",
                      List.of(
                          bin.resolve("postgres").toString(),
                          "-D",
                          dir.resolve("data").toString(),
                          "-p",
                          Integer.toString(port),
                          "-k",
                          dir.toString(),
                          "-c",
                          "listen_addresses=127.0.0.1",
                          "-c",
                          "fsync=off",
                          "-c",
                          "full_page_writes=off",
                          "-c",
                          "synchronous_commit=off",
                          "-c",
                          "max_connections=200")))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        try (Connection ignored = connect("postgres")) {
          return;
        } catch (SQLException e) {
          if (!process.isAlive() || System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "PostgreSQL did not start on port " + port + ":\n" + Processes.tail(log, 30), e);
          }
          Thread.sleep(100);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server at once (an outage); {@link #startAgain()} brings it back with its data. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    // The fast shutdown, which does not wait for clients to leave.
    try {
      Processes.run(
          Processes.as(
              "postgres",
              List.of(
                  bin.resolve("pg_ctl").toString(),
                  "-D",
                  dir.resolve("data").toString(),
                  "-m",
                  "fast",
                  "-w",
                  "stop")),
          Files.createTempFile("ficus-pg-stop-", ".log"));
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
    }
    process = null;
  }

  public int port() {
    return port;
  }

  /** Creates a database, returning its JDBC URL. */
  public String createDatabase(String name) {
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE \"" + name + "\"");
      return jdbcUrl(name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** A {@code postgres://} URL, as Node programs take it. */
  public String url(String database) {
    return "postgres://" + USER + "@127.0.0.1:" + port + "/" + database;
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, "");
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "PostgresServer[127.0.0.1:" + port + " in " + dir + "]";
  }
}
