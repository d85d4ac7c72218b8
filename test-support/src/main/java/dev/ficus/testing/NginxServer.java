package dev.ficus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx for a test class: Debian's {@code nginx} package, in the foreground with a
 * configuration of the test's own, on a free loopback port, in a folder of its own for its pid,
 * logs and request-body buffers. The test gives the {@code http} block's servers and locations;
 * {@code LISTEN} in them stands for the port this nginx serves users on.
 */
public final class NginxServer implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final Process process;

  private NginxServer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts nginx with the given servers inside its {@code http} block.
   *
   * @param servers nginx configuration: {@code upstream} and {@code server} blocks, with {@code
   *     LISTEN} for the port users reach nginx on
   */
  public static NginxServer start(String servers) {
    Path nginx = Path.of("/usr/sbin/nginx");
    if (!Files.isExecutable(nginx)) {
      throw new IllegalStateException(
          "nginx is not installed (no /usr/sbin/nginx); install Debian's nginx-light package"
              + " (.ci/setup does)");
    }
    try {
      Path dir = Files.createTempDirectory("ficus-nginx-");
      int port = Processes.freePort();
      Path conf = dir.resolve("nginx.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              // As root the workers would run as nobody, who cannot write the buffers' folder.
              Processes.isRoot() ? "user root;" : "",
              "worker_processes 1;",
              "daemon off;",
              "pid " + dir.resolve("nginx.pid") + ";",
              "error_log " + dir.resolve("error.log") + " info;",
              "events { worker_connections 256; }",
              "http {",
              "  access_log " + dir.resolve("access.log") + ";",
              "  client_body_temp_path " + dir.resolve("body") + ";",
              "  proxy_temp_path " + dir.resolve("proxy") + ";",
              "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
              "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
              "  scgi_temp_path " + dir.resolve("scgi") + ";",
              servers.replace("LISTEN", "127.0.0.1:" + port),
              "}",
              ""),
          StandardCharsets.UTF_8);
      Path log = dir.resolve("nginx.out");
      Process process =
          new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      NginxServer server = new NginxServer(dir, port, process);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (true) {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return server;
        } catch (IOException e) {
          if (!process.isAlive() || System.nanoTime() > deadline) {
            server.close();
            throw new IllegalStateException(
                "nginx did not start on port "
                    + port
                    + ":\n"
                    + Processes.tail(log, 30)
                    + "\n"
                    + Processes.tail(dir.resolve("error.log"), 30),
                e);
          }
          Thread.sleep(50);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The port users reach nginx on. */
  public int port() {
    return port;
  }

  /** The last lines of nginx's error log, for a failing assertion's message. */
  public String errorLog() {
    return Processes.tail(dir.resolve("error.log"), 40);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
