package dev.ficus.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's first steps: {@code ./ficus demo --backends-only} starts the demo's monolith (behind
 * its adapter) and new services alone, and the gateway started with {@code
 * examples/quickstart/ficus.yml} in front of them serves its route and its console with the
 * quickstart's default admin token. The ports are free ones here; that the quickstart's URLs name
 * the demo's default ports is checked apart.
 */
class QuickstartIT {

  static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  static final Path QUICKSTART = HOME.resolve("examples/quickstart/ficus.yml");
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static int adapterPort;
  static int newServicesPort;
  static int gatewayPort;
  static final StringWriter demoOut = new StringWriter();
  static final StringWriter demoErr = new StringWriter();
  static final AtomicInteger demoExit = new AtomicInteger(-1);
  static Thread demo;
  static Process gateway;
  static Path gatewayLog;

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @BeforeAll
  static void startTheBackendsThenTheQuickstartGateway() throws Exception {
    adapterPort = freePort();
    newServicesPort = freePort();
    gatewayPort = freePort();
    int monolithPort = freePort();
    demo =
        new Thread(
            () ->
                demoExit.set(
                    DemoMain.execute(
                        new PrintWriter(demoOut, true),
                        new PrintWriter(demoErr, true),
                        "--home",
                        HOME.toString(),
                        "--backends-only",
                        "--adapter-port",
                        Integer.toString(adapterPort),
                        "--new-services-port",
                        Integer.toString(newServicesPort),
                        "--monolith-port",
                        Integer.toString(monolithPort),
                        "--duration",
                        "10m")),
            "backends-only");
    demo.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!demoOut.toString().contains("Running for")) {
      assertThat(demo.isAlive()).as("the demo ended:\n%s\n%s", demoOut, demoErr).isTrue();
      assertThat(System.nanoTime())
          .as("backends started in time:\n%s", demoOut)
          .isLessThan(deadline);
      Thread.sleep(200);
    }

    // The quickstart's files, its two upstream URLs naming the free ports (its gateway port is
    // given on the command line, as a user would).
    Path run = Files.createDirectories(HOME.resolve("demo/target/quickstart-it"));
    Path config = run.resolve("ficus.yml");
    Files.writeString(
        config,
        Files.readString(QUICKSTART)
            .replace("http://127.0.0.1:8081", "http://127.0.0.1:" + adapterPort)
            .replace("http://127.0.0.1:8082", "http://127.0.0.1:" + newServicesPort));
    Files.copy(
        QUICKSTART.resolveSibling("flags.json"),
        run.resolve("flags.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    gatewayLog = run.resolve("gateway.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                HOME.resolve("gateway/target/ficus-gateway.jar").toString(),
                "--spring.config.additional-location=file:" + config,
                "--server.port=" + gatewayPort,
                "--server.address=127.0.0.1"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(run.toFile())
            .redirectErrorStream(true)
            .redirectOutput(gatewayLog.toFile());
    // The quickstart's own default token, whatever this machine's environment says.
    builder.environment().remove("FICUS_ADMIN_TOKEN");
    gateway = builder.start();
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      assertThat(gateway.isAlive()).as("the gateway exited:\n%s", log()).isTrue();
      try {
        if (get("/ficus/actuator/health/readiness").statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      assertThat(System.nanoTime())
          .as("the gateway started in time:\n%s", log())
          .isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.destroy();
      if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
        gateway.destroyForcibly();
      }
    }
    if (demo != null) {
      demo.interrupt();
      demo.join(TimeUnit.SECONDS.toMillis(60));
    }
  }

  @Test
  void theBackendsAnswerOnTheirPortsAndTheOutputSaysWhatToRunNext() throws Exception {
    for (int port : new int[] {adapterPort, newServicesPort}) {
      HttpResponse<String> answer = send(port, "/trips?userId=U-042", "X-User-Id", "U-042");
      assertThat(answer.statusCode()).as("port %d", port).isEqualTo(200);
      assertThat(answer.body()).as("port %d", port).contains("U-042");
    }
    assertThat(demoOut.toString())
        .contains("Starting the monolith stand-in (WireMock)")
        .contains("Starting the legacy adapter on port " + adapterPort)
        .contains("Starting the new services on port " + newServicesPort)
        .doesNotContain("Starting the Ficus gateway")
        .contains("./ficus gateway --config examples/quickstart/ficus.yml")
        .contains("/ficus/console");
  }

  @Test
  void theQuickstartGatewayServesItsRouteAndItsConsoleWithTheDefaultToken() throws Exception {
    for (int user = 1; user <= 20; user++) {
      String id = "U-%03d".formatted(user);
      HttpResponse<String> answer = get("/trips?userId=" + id, "X-User-Id", id);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(answer.body()).contains("\"items\"");
    }
    HttpResponse<String> routes =
        get("/ficus/routes/trips", "Authorization", "Bearer quickstart-admin-token");
    assertThat(routes.statusCode()).as(routes.body()).isEqualTo(200);
    JsonNode report = JsonMapper.builder().build().readTree(routes.body());
    assertThat(report.path("stage").asString()).isEqualTo("canary");
    // The flag's 30% of users: both sides served some of the twenty.
    assertThat(report.path("decisions").path("new").asLong()).isPositive();
    assertThat(report.path("decisions").path("legacy").asLong()).isPositive();
    assertThat(get("/ficus/routes/trips").statusCode()).isEqualTo(401);
    HttpResponse<String> console = get("/ficus/console");
    assertThat(console.statusCode()).isEqualTo(200);
    assertThat(console.body()).containsIgnoringCase("<html");
  }

  @Test
  void theQuickstartNamesTheDemosDefaultPorts() throws IOException {
    String config = Files.readString(QUICKSTART);
    CommandLine.Model.CommandSpec spec = new CommandLine(new DemoMain()).getCommandSpec();
    assertThat(port(config, "(?m)^\\s+uri: http://127\\.0\\.0\\.1:(\\d+)"))
        .isEqualTo(spec.findOption("--adapter-port").defaultValue());
    assertThat(port(config, "(?m)^\\s+new-uri: http://127\\.0\\.0\\.1:(\\d+)"))
        .isEqualTo(spec.findOption("--new-services-port").defaultValue());
    assertThat(port(config, "(?m)^\\s+port: (\\d+)"))
        .isEqualTo(spec.findOption("--gateway-port").defaultValue());
  }

  private static String port(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertThat(matcher.find()).as(regex).isTrue();
    return matcher.group(1);
  }

  static HttpResponse<String> get(String path, String... headers) throws IOException {
    return send(gatewayPort, path, headers);
  }

  static HttpResponse<String> send(int port, String path, String... headers) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static String log() {
    try {
      return Files.readString(gatewayLog);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
