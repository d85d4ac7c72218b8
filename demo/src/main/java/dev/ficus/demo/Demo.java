package dev.ficus.demo;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The migration demo: the monolith stand-in, the legacy adapter in front of it, the new services
 * and the gateway in front of both, each its own process on loopback; then traffic, then what the
 * comparison found. Every process it started is stopped when it ends, fails or is interrupted.
 */
final class Demo {

  /**
   * @param home the Ficus checkout, where the built jars and the demo configuration are
   * @param traffic how long traffic is driven
   * @param duration how long the demo runs in all; null for until interrupted
   */
  record Settings(
      Path home,
      int gatewayPort,
      int adapterPort,
      int newServicesPort,
      int monolithPort,
      Duration traffic,
      double rate,
      int users,
      Duration duration,
      String adminToken,
      Path runDir) {}

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Settings settings;
  private final PrintWriter out;
  private final List<Part> parts = Collections.synchronizedList(new ArrayList<>());

  Demo(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  /** Runs the demo; returns what the comparison found. Stops every part before it returns. */
  Findings run() throws DemoException {
    return stoppingAll(this::runParts);
  }

  /**
   * Starts the monolith stand-in, the legacy adapter and the new services only, for a gateway
   * started apart (the quickstart's: legacy on the adapter's port, new on the new services'), and
   * runs until interrupted or the duration is over. Stops every part before it returns.
   */
  void runBackends() throws DemoException {
    stoppingAll(
        () -> {
          startBackends(false);
          out.printf(
              "%nThe backends of examples/quickstart/ficus.yml are up: legacy (the adapter) on"
                  + " http://127.0.0.1:%d, the new services on http://127.0.0.1:%d.%n",
              settings.adapterPort(), settings.newServicesPort());
          out.println("In another terminal:");
          out.println("  ./ficus gateway --config examples/quickstart/ficus.yml");
          out.println("  curl -H 'X-User-Id: U-042' 'http://127.0.0.1:8080/trips?userId=U-042'");
          out.println(
              "  open http://127.0.0.1:8080/ficus/console (token: $FICUS_ADMIN_TOKEN, by default"
                  + " quickstart-admin-token)");
          out.printf("Logs: %s%n", settings.runDir().resolve("logs"));
          out.println(
              settings.duration() == null
                  ? "Running until Ctrl-C."
                  : "Running for " + settings.duration().toSeconds() + " s in all, then stopping.");
          out.flush();
          waitUntilDone();
          return null;
        });
  }

  private interface Body<T> {
    T run() throws DemoException;
  }

  private <T> T stoppingAll(Body<T> body) throws DemoException {
    Thread hook = new Thread(this::stopAll, "ficus-demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return body.run();
    } finally {
      stopAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down: the hook is running or has run.
      }
    }
  }

  private Findings runParts() throws DemoException {
    startBackends(true);
    Path home = settings.home().toAbsolutePath().normalize();
    Path gateway = home.resolve("gateway/target/ficus-gateway.jar");
    Path config = home.resolve("examples/demo/ficus.yml");
    Path logs = settings.runDir().resolve("logs");
    String java = java();
    String adapterUrl = "http://127.0.0.1:" + settings.adapterPort();
    String servicesUrl = "http://127.0.0.1:" + settings.newServicesPort();
    URI gatewayUrl = URI.create("http://127.0.0.1:" + settings.gatewayPort());

    return gatewayAndTraffic(java, gateway, config, logs, adapterUrl, servicesUrl, gatewayUrl);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Checks that the jars are built and the ports free, then starts the monolith stand-in, the
   * legacy adapter and the new services.
   *
   * @param withGateway whether the gateway follows (its jar, its configuration and its port are
   *     checked too)
   */
  private void startBackends(boolean withGateway) throws DemoException {
    Path home = settings.home().toAbsolutePath().normalize();
    Path wiremock = home.resolve("legacy-adapter/target/monolith/wiremock-standalone.jar");
    Path extension = home.resolve("legacy-adapter/target/ficus-legacy-adapter-monolith.jar");
    Path adapter = home.resolve("legacy-adapter/target/ficus-legacy-adapter.jar");
    Path services = home.resolve("new-services/target/ficus-new-services.jar");
    List<Path> needed = new ArrayList<>(List.of(wiremock, extension, adapter, services));
    if (withGateway) {
      needed.add(home.resolve("gateway/target/ficus-gateway.jar"));
      needed.add(home.resolve("examples/demo/ficus.yml"));
    }
    List<String> missing = new ArrayList<>();
    for (Path file : needed) {
      if (!Files.isRegularFile(file)) {
        missing.add(file.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new DemoException(
          "not built yet: " + String.join(", ", missing) + "; run ./ficus build (or ./ficus demo)");
    }
    checkPorts(withGateway);
    Path logs = settings.runDir().resolve("logs");
    String java = java();
    String monolithUrl = "http://127.0.0.1:" + settings.monolithPort();
    String adapterUrl = "http://127.0.0.1:" + settings.adapterPort();
    String servicesUrl = "http://127.0.0.1:" + settings.newServicesPort();
    start(
        "the monolith stand-in (WireMock)",
        List.of(
            java,
            "-Xmx256m",
            "-cp",
            wiremock + File.pathSeparator + extension,
            "wiremock.Run",
            "--extensions",
            "dev.ficus.fleet.monolith.BookedTrips",
            "--port",
            Integer.toString(settings.monolithPort()),
            "--bind-address",
            "127.0.0.1",
            "--root-dir",
            home.resolve("legacy-adapter/monolith").toString(),
            "--global-response-templating",
            "--disable-banner",
            "--no-request-journal",
            "--container-threads",
            "64"),
        home,
        logs.resolve("monolith.log"),
        URI.create(monolithUrl + "/legacy/api/v1/users/U-001"),
        settings.monolithPort());
    start(
        "the legacy adapter",
        List.of(
            java,
            "-Xmx256m",
            "-jar",
            adapter.toString(),
            "--server.port=" + settings.adapterPort(),
            "--server.address=127.0.0.1",
            "--monolith.url=" + monolithUrl),
        home,
        logs.resolve("legacy-adapter.log"),
        URI.create(adapterUrl + "/users/U-001"),
        settings.adapterPort());
    start(
        "the new services",
        List.of(
            java,
            "-Xmx256m",
            "-jar",
            services.toString(),
            "--server.port=" + settings.newServicesPort(),
            "--server.address=127.0.0.1"),
        home,
        logs.resolve("new-services.log"),
        URI.create(servicesUrl + "/users/U-001"),
        settings.newServicesPort());
  }

  private Findings gatewayAndTraffic(
      String java,
      Path gateway,
      Path config,
      Path logs,
      String adapterUrl,
      String servicesUrl,
      URI gatewayUrl)
      throws DemoException {
    // Stage changes are written into the flags file: the run gets a copy, not the checked-in one.
    Path flags = settings.runDir().resolve("flags.json");
    copy(config.resolveSibling("flags.json"), flags);
    start(
        "the Ficus gateway",
        List.of(
            java,
            "-Xmx256m",
            "-jar",
            gateway.toString(),
            "--spring.config.additional-location=file:" + config,
            "--server.address=127.0.0.1",
            "--demo.gateway-port=" + settings.gatewayPort(),
            "--demo.adapter-url=" + adapterUrl,
            "--demo.new-services-url=" + servicesUrl,
            "--demo.admin-token=" + settings.adminToken(),
            "--demo.capture-dir=" + settings.runDir().resolve("capture"),
            "--demo.flags-file=" + flags,
            "--ficus.evidence.dir=" + settings.runDir().resolve("evidence")),
        config.getParent(),
        logs.resolve("gateway.log"),
        gatewayUrl.resolve("/ficus/actuator/health/readiness"),
        settings.gatewayPort());

    out.printf(
        "%nDriving traffic through the gateway for %d s: %d user ids, about %.0f requests a second...%n",
        settings.traffic().toSeconds(), settings.users(), settings.rate());
    out.flush();
    Traffic traffic = new Traffic(gatewayUrl, settings.users(), settings.rate());
    traffic.run(settings.traffic());
    out.printf("Sent %d requests; answers by status: %s%n", traffic.sent(), traffic.statuses());
    checkAlive();
    sleep(Duration.ofSeconds(2)); // the last shadow calls and comparisons
    Findings findings = Findings.read(gatewayUrl, settings.adminToken());
    findings.print(out);
    out.printf(
        "%nConsole:   %s (sign in with the token %s)%n",
        gatewayUrl.resolve("/ficus/console"), settings.adminToken());
    out.printf(
        "Admin API: curl -H 'Authorization: Bearer %s' %s%n",
        settings.adminToken(), gatewayUrl.resolve("/ficus/routes"));
    out.printf(
        "Steer it:  curl -X PUT -H 'Authorization: Bearer %s' -H 'Content-Type: application/json'"
            + " -d '{\"stage\":\"canary\",\"share\":10}' %s%n",
        settings.adminToken(), gatewayUrl.resolve("/ficus/routes/vehicles/stage"));
    out.printf("Metrics:   %s%n", gatewayUrl.resolve("/ficus/actuator/prometheus"));
    out.printf(
        "Try it:    curl -H 'X-User-Id: U-042' %s%n", gatewayUrl.resolve("/trips?userId=U-042"));
    out.printf("Logs:      %s%n", logs);
    out.printf(
        "Capture:   %s (written when the demo stops; replay it with ./ficus replay --capture %s"
            + " --new %s --config %s)%n",
        settings.runDir().resolve("capture"),
        settings.runDir().resolve("capture"),
        servicesUrl,
        config);
    if (settings.duration() == null) {
      out.println("Running until Ctrl-C.");
    } else {
      out.printf("Running for %d s in all, then stopping.%n", settings.duration().toSeconds());
    }
    out.flush();
    waitUntilDone();
    return findings;
  }

  private void start(
      String name, List<String> command, Path workingDir, Path log, URI health, int port)
      throws DemoException {
    out.printf("Starting %s on port %d...", name, port);
    out.flush();
    Part part = Part.start(name, command, workingDir, log);
    parts.add(part);
    part.awaitReady(health, START_TIMEOUT);
    out.println(" ready");
    out.flush();
  }

  private final long started = System.nanoTime();

  private static void copy(Path from, Path to) throws DemoException {
    try {
      java.nio.file.Files.createDirectories(to.getParent());
      java.nio.file.Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new DemoException("cannot copy " + from + " to " + to + ": " + e.getMessage());
    }
  }

  private void waitUntilDone() throws DemoException {
    while (true) {
      if (settings.duration() != null
          && System.nanoTime() - started >= settings.duration().toNanos()) {
        return;
      }
      checkAlive();
      if (!sleep(Duration.ofMillis(500))) {
        return;
      }
    }
  }

  private void checkAlive() throws DemoException {
    for (Part part : List.copyOf(parts)) {
      if (!part.isAlive()) {
        throw new DemoException(part.name() + " stopped unexpectedly" + part.tail());
      }
    }
  }

  private void checkPorts(boolean withGateway) throws DemoException {
    Map<String, Integer> ports = new LinkedHashMap<>();
    if (withGateway) {
      ports.put("--gateway-port", settings.gatewayPort());
    }
    ports.put("--adapter-port", settings.adapterPort());
    ports.put("--new-services-port", settings.newServicesPort());
    ports.put("--monolith-port", settings.monolithPort());
    List<String> problems = new ArrayList<>();
    if (ports.values().stream().distinct().count() < ports.size()) {
      problems.add("the ports must differ: " + ports);
    }
    for (Map.Entry<String, Integer> port : ports.entrySet()) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(
            new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port.getValue()));
      } catch (IOException e) {
        problems.add(
            "port "
                + port.getValue()
                + " ("
                + port.getKey()
                + ") is busy: stop what listens there, or choose another with "
                + port.getKey());
      }
    }
    if (!problems.isEmpty()) {
      throw new DemoException(String.join("\n  ", problems));
    }
  }

  /** Stops every part, the gateway first. Safe to call more than once. */
  void stopAll() {
    List<Part> running;
    synchronized (parts) {
      running = new ArrayList<>(parts);
      parts.clear();
    }
    Collections.reverse(running);
    for (Part part : running) {
      part.stop();
    }
  }

  private static boolean sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
