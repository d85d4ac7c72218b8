package dev.ficus.gateway.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Zipkin server (the jar from Maven Central, copied by the build) on a free loopback port.
 */
public final class ZipkinServer implements AutoCloseable {

  private static final Path JAR = Path.of("target/zipkin/zipkin-server.jar");

  private final int port;
  private final Process process;
  private final HttpClient http = HttpClient.newHttpClient();

  private ZipkinServer(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  public static ZipkinServer start() {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(
          JAR + " is missing: the build copies it before the integration tests");
    }
    int port = Backends.closedPort();
    try {
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-jar",
                  JAR.toString())
              .redirectErrorStream(true)
              .redirectOutput(JAR.resolveSibling("zipkin.log").toFile());
      builder.environment().put("QUERY_PORT", Integer.toString(port));
      ZipkinServer server = new ZipkinServer(port, builder.start());
      Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroyForcibly));
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> server.get("/health").statusCode() == 200);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where spans are sent, in Zipkin's own protocol. */
  public String spansEndpoint() {
    return "http://127.0.0.1:" + port + "/api/v2/spans";
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    process.destroy();
  }
}
