package dev.ficus.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The gateway as the image runs it in a pod of {@code deployment.yaml}: the Dockerfile's layers
 * extracted and copied as its COPY lines say, its ENTRYPOINT and CMD, the Deployment's environment
 * (secrets given by the test), the ConfigMap's files where the volume mounts them. A pod's own
 * filesystem and network are what a process on this machine lacks, so the container's paths live
 * under a folder of the test ({@link #host(String)}), the upstreams' Service names are given as
 * URLs, and each container port is a free port here: the public one ({@code http}, Spring's {@code
 * server.port}) as {@code SERVER_PORT}, the admin one ({@code admin}, the ConfigMap's {@code
 * ficus.admin.port}) as {@code FICUS_ADMIN_PORT}; nothing else differs.
 */
final class ImageRun implements AutoCloseable {

  private static final Pattern CONTAINER_PATH =
      Pattern.compile("(?<![\\w.-])(/etc/ficus|/var/lib/ficus|/tmp|/app|/extracted)(?=/|\\b|$)");

  /** The container port of the public listener: Spring Boot's default {@code server.port}. */
  static final int PUBLIC_PORT = 8080;

  private final Path fs;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Path log;
  private final Process process;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * Builds the image's filesystem under {@code fs} and starts the pod's container.
   *
   * @param podName the pod's name (for {@code fieldRef: metadata.name})
   * @param secret the values of the Secret's keys
   * @param services Service URLs in the ConfigMap (e.g. {@code http://monolith:8080}) and what
   *     answers for them here
   * @param extraEnv variables the test adds to the Deployment's
   */
  ImageRun(
      Path fs,
      String podName,
      Map<String, String> secret,
      Map<String, String> services,
      Map<String, String> extraEnv) {
    this.fs = fs;
    Image image = Image.read();
    Deployment deployment = Manifests.deployment();
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    try {
      // The build stage's extract, then the final stage's COPY lines.
      List<String> extract = new ArrayList<>();
      for (String word : image.extract()) {
        extract.add(
            word.equals("java")
                ? java()
                : word.endsWith("ficus-gateway.jar") ? gatewayJar().toString() : container(word));
      }
      run(extract);
      Path app = host(image.workdir());
      for (String[] copy : image.copies()) {
        copyTree(host(copy[0]), host(copy[1].startsWith("/") ? copy[1] : image.workdir()));
      }
      // The ConfigMap's files where the Deployment mounts its volume.
      ConfigMap config = Manifests.configMap();
      String mount =
          container.getVolumeMounts().stream()
              .filter(m -> m.getName().equals("config"))
              .findFirst()
              .orElseThrow()
              .getMountPath();
      Path configDir = host(mount);
      Files.createDirectories(configDir);
      for (Map.Entry<String, String> file : config.getData().entrySet()) {
        String content = container(file.getValue());
        for (Map.Entry<String, String> service : services.entrySet()) {
          content = content.replace(service.getKey(), service.getValue());
        }
        Files.writeString(configDir.resolve(file.getKey()), content);
      }
      for (var volumeMount : container.getVolumeMounts()) {
        Files.createDirectories(host(volumeMount.getMountPath()));
      }
      int adminPort = Manifests.ficusYml().at("/ficus/admin/port").asInt();
      for (var containerPort : container.getPorts()) {
        ports.put(containerPort.getName(), freePort());
      }
      Map<String, String> env = new LinkedHashMap<>();
      env.put("PATH", System.getenv("PATH"));
      env.put("HOME", fs.toString());
      image.env().forEach((key, value) -> env.put(key, container(value)));
      for (EnvVar variable : container.getEnv()) {
        env.put(variable.getName(), value(variable, podName, secret));
      }
      for (var containerPort : container.getPorts()) {
        int here = ports.get(containerPort.getName());
        if (containerPort.getContainerPort() == PUBLIC_PORT) {
          env.put("SERVER_PORT", Integer.toString(here));
        } else if (containerPort.getContainerPort() == adminPort) {
          env.put("FICUS_ADMIN_PORT", Integer.toString(here));
        } else {
          throw new AssertionError(
              "container port "
                  + containerPort.getName()
                  + " ("
                  + containerPort.getContainerPort()
                  + ") is neither server.port nor ficus.admin.port");
        }
      }
      env.putAll(extraEnv);
      List<String> command = new ArrayList<>();
      for (String word : image.entrypoint()) {
        command.add(word.equals("java") ? java() : container(word));
      }
      image.cmd().forEach(word -> command.add(container(word)));
      this.log = fs.resolve(podName + ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(app.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      this.process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A path of the container, as it lies on this machine. */
  Path host(String containerPath) {
    return fs.resolve(containerPath.replaceFirst("^/", ""));
  }

  /** Container paths in the text replaced by where they lie on this machine. */
  String container(String text) {
    Matcher matcher = CONTAINER_PATH.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(host(matcher.group(1)).toString()));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** Where the container port of this name listens here. */
  int port(String name) {
    Integer port = ports.get(name);
    assertThat(port).as("a container port named %s", name).isNotNull();
    return port;
  }

  /** The path on the public port ({@code http}). */
  URI uri(String path) {
    return uri("http", path);
  }

  URI uri(String portName, String path) {
    return URI.create("http://127.0.0.1:" + port(portName) + path);
  }

  Process process() {
    return process;
  }

  /** GET on the public port ({@code http}). */
  HttpResponse<String> get(String path, String... headers) throws IOException {
    return getOn("http", path, headers);
  }

  /** GET on the container port of this name. */
  HttpResponse<String> getOn(String portName, String path, String... headers) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(portName, path)).timeout(Duration.ofSeconds(30)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /**
   * Waits until the path answers 200 on the named port, as the startup probe does; fails with the
   * log otherwise.
   */
  ImageRun awaitOk(String portName, String path, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("the gateway exited:\n%s", logTail()).isTrue();
      try {
        if (getOn(portName, path).statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      sleep(250);
    }
    throw new AssertionError(path + " did not answer 200 within " + atMost + ":\n" + logTail());
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  String logTail() {
    String text = log();
    return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
  }

  /** SIGTERM, as the kubelet sends after preStop. */
  void terminate() {
    process.destroy();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static Path gatewayJar() {
    Path jar =
        Path.of(System.getProperty("ficus.gateway.jar", "../gateway/target/ficus-gateway.jar"));
    assertThat(jar).as("the gateway's jar (./mvnw -pl gateway -am package)").exists();
    return jar.toAbsolutePath().normalize();
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String value(EnvVar variable, String podName, Map<String, String> secret) {
    if (variable.getValue() != null) {
      return variable.getValue();
    }
    var from = variable.getValueFrom();
    if (from.getFieldRef() != null) {
      assertThat(from.getFieldRef().getFieldPath()).isEqualTo("metadata.name");
      return podName;
    }
    String key = from.getSecretKeyRef().getKey();
    assertThat(secret).as("the test gives the Secret's key %s", key).containsKey(key);
    return secret.get(key);
  }

  private void run(List<String> command) throws IOException {
    Path out = fs.resolve("extract.log");
    Process extract =
        new ProcessBuilder(command)
            .directory(fs.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      assertThat(extract.waitFor(120, TimeUnit.SECONDS)).as("extract finished").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    assertThat(extract.exitValue())
        .as("%s\n%s", String.join(" ", command), Files.readString(out))
        .isZero();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    assertThat(from).as("a layer the Dockerfile copies").isDirectory();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
