package dev.ficus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real Unleash server for a test class: the {@code unleash-server} npm package (7.5.1, the last
 * for Node 20), installed once into {@code ~/.cache/ficus-test} with the machine's npm, run by the
 * machine's Node on a free loopback port over a {@link PostgresServer} database, with an admin and
 * a client API token. It can be stopped and started again (an outage) with its flags kept.
 */
public final class UnleashServer implements AutoCloseable {

  public static final String VERSION = "7.5.1";
  public static final String ADMIN_TOKEN = "*:*.ficus-test-admin-token";
  public static final String CLIENT_TOKEN = "default:development.ficus-test-client-token";
  public static final String ENVIRONMENT = "development";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path home;
  private final String database;
  private final int port;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Process process;

  private UnleashServer(Path home, String database, int port, Path log) {
    this.home = home;
    this.database = database;
    this.port = port;
    this.log = log;
  }

  /** Installs the server when it is not yet, and starts it over a fresh database. */
  public static UnleashServer start(PostgresServer postgres) {
    Path home = install();
    String name = "unleash_" + Long.toHexString(System.nanoTime());
    postgres.createDatabase(name);
    try {
      UnleashServer server =
          new UnleashServer(
              home,
              postgres.url(name),
              Processes.freePort(),
              Files.createTempFile("ficus-unleash-", ".log"));
      server.startAgain();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized Path install() {
    Path home =
        Path.of(System.getProperty("user.home"), ".cache", "ficus-test", "unleash-" + VERSION);
    Path server = home.resolve("node_modules/unleash-server/dist/server.js");
    if (Files.exists(server)) {
      return home;
    }
    try {
      Files.createDirectories(home);
      Processes.run(
          List.of(
              "npm",
              "install",
              "--no-audit",
              "--no-fund",
              "--loglevel=error",
              "--prefix",
              home.toString(),
              "unleash-server@" + VERSION),
          Files.createTempFile("ficus-npm-", ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "cannot install unleash-server@"
              + VERSION
              + " with npm (Node.js 20 and npm are needed; .ci/setup installs them): "
              + e.getMessage(),
          e);
    }
    if (!Files.exists(server)) {
      throw new IllegalStateException(
          "npm installed unleash-server, but " + server + " is missing");
    }
    return home;
  }

  /** Starts the server (again, after {@link #stop()}), keeping its database. */
  public synchronized void startAgain() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      ProcessBuilder builder =
          new ProcessBuilder("node", "node_modules/unleash-server/dist/server.js")
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Map<String, String> env = builder.environment();
      env.put("TZ", "UTC");
      env.put("PORT", Integer.toString(port));
      env.put("DATABASE_URL", database);
      env.put("DATABASE_SSL", "false");
      env.put("INIT_ADMIN_API_TOKENS", ADMIN_TOKEN);
      env.put("INIT_CLIENT_API_TOKENS", CLIENT_TOKEN);
      env.put("LOG_LEVEL", "warn");
      process = builder.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        try {
          if (get("/health").statusCode() == 200) {
            return;
          }
        } catch (UncheckedIOException e) {
          // not listening yet
        }
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Unleash did not start on port " + port + ":\n" + Processes.tail(log, 40));
        }
        Thread.sleep(200);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server: clients find nothing on its port until {@link #startAgain()}. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** The client API, as Ficus's {@code ficus.flags.unleash.url} takes it. */
  public String clientApi() {
    return "http://127.0.0.1:" + port + "/api";
  }

  public String root() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Creates a flag in project {@code default} with a {@code flexibleRollout} strategy at {@code
   * rollout} percent (sticky by user id), on in the environment; as an operator would in the UI.
   */
  public void createRolloutFlag(String flag, int rollout) {
    ObjectNode feature = JSON.createObjectNode();
    feature.put("name", flag);
    feature.put("type", "release");
    expectOk(admin("POST", "/api/admin/projects/default/features", feature));
    ObjectNode strategy = JSON.createObjectNode();
    strategy.put("name", "flexibleRollout");
    strategy.putArray("constraints");
    ObjectNode parameters = strategy.putObject("parameters");
    parameters.put("rollout", Integer.toString(rollout));
    parameters.put("stickiness", "userId");
    parameters.put("groupId", flag);
    expectOk(admin("POST", strategies(flag), strategy));
    expectOk(admin("POST", feature(flag) + "/environments/" + ENVIRONMENT + "/on", null));
  }

  /** Changes the rollout of the flag's first {@code flexibleRollout} strategy, keeping the rest. */
  public void setRollout(String flag, int rollout) {
    JsonNode strategy = rolloutStrategy(flag);
    ObjectNode update = (ObjectNode) strategy.deepCopy();
    String id = update.remove("id").asString();
    ((ObjectNode) update.get("parameters")).put("rollout", Integer.toString(rollout));
    expectOk(admin("PUT", strategies(flag) + "/" + id, update));
  }

  /**
   * The flag's first {@code flexibleRollout} strategy in the environment, as the admin API has it.
   */
  public JsonNode rolloutStrategy(String flag) {
    HttpResponse<String> response = admin("GET", feature(flag), null);
    expectOk(response);
    for (JsonNode environment : JSON.readTree(response.body()).path("environments")) {
      if (ENVIRONMENT.equals(environment.path("name").asString())) {
        for (JsonNode strategy : environment.path("strategies")) {
          if ("flexibleRollout".equals(strategy.path("name").asString())) {
            return strategy;
          }
        }
      }
    }
    throw new IllegalStateException("flag " + flag + " has no flexibleRollout strategy");
  }

  private static String feature(String flag) {
    return "/api/admin/projects/default/features/" + flag;
  }

  private static String strategies(String flag) {
    return feature(flag) + "/environments/" + ENVIRONMENT + "/strategies";
  }

  /** A call of the admin API with the admin token. */
  public HttpResponse<String> admin(String method, String path, JsonNode body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(root() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", ADMIN_TOKEN);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    return send(request.build());
  }

  private HttpResponse<String> get(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(root() + path)).timeout(Duration.ofSeconds(2)).build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void expectOk(HttpResponse<String> response) {
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.request().uri()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "UnleashServer[" + root() + ", log " + log + "]";
  }
}
