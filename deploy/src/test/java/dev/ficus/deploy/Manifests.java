package dev.ficus.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The files under {@code deploy/kubernetes}, read into fabric8's typed Kubernetes model: a field
 * the model does not know (a typo, a wrong indentation) fails the read, naming the file and the
 * field.
 */
final class Manifests {

  static final Path DEPLOY = Path.of("").toAbsolutePath();
  static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
  static final Path ROOT = DEPLOY.getParent();

  static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private static final Map<String, Class<?>> KINDS =
      Map.of(
          "ConfigMap", ConfigMap.class,
          "Deployment", Deployment.class,
          "Service", Service.class,
          "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
          "PodDisruptionBudget", PodDisruptionBudget.class,
          "ServiceMonitor", ServiceMonitor.class,
          "Secret", Secret.class,
          "Kustomization", Kustomization.class);

  private Manifests() {}

  /** Every YAML file under {@code deploy/kubernetes}, its examples included. */
  static List<Path> files() {
    try (Stream<Path> files = Files.walk(KUBERNETES)) {
      return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file's one document, as the typed model of its kind. */
  static Object read(Path file) {
    try {
      JsonNode tree = YAML.readTree(file.toFile());
      assertThat(tree).as("%s holds one YAML document", file).isNotNull();
      String kind = tree.path("kind").asText();
      Class<?> type = KINDS.get(kind);
      assertThat(type).as("%s: kind '%s' is one Ficus ships", file, kind).isNotNull();
      Object typed = YAML.treeToValue(tree, type);
      List<String> unknown = new ArrayList<>();
      unknownFields(typed, kind, unknown, new IdentityHashMap<>());
      assertThat(unknown).as("%s: fields the Kubernetes model does not know", file).isEmpty();
      return typed;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  static <T> T read(String name, Class<T> type) {
    return type.cast(read(KUBERNETES.resolve(name)));
  }

  static Deployment deployment() {
    return read("deployment.yaml", Deployment.class);
  }

  static ConfigMap configMap() {
    return read("configmap.yaml", ConfigMap.class);
  }

  /** The values {@link #exampleSecret()} gives {@code create-secret.sh}. */
  static final Map<String, String> SECRET_ENV =
      Map.of(
          "UNLEASH_API_TOKEN", "default:production.client-token",
          "UNLEASH_ADMIN_TOKEN", "*:*.admin-token",
          "FICUS_EVIDENCE_URL", "jdbc:postgresql://postgres:5432/ficus",
          "FICUS_EVIDENCE_PASSWORD", "it's a password");

  /** The Secret {@code create-secret.sh} prints with {@link #SECRET_ENV}. */
  static Secret exampleSecret() {
    Script run = createSecret(SECRET_ENV);
    assertThat(run.exitCode()).as(run.err()).isZero();
    try {
      Path file = Files.createTempFile("ficus-secret", ".yaml");
      try {
        Files.writeString(file, run.out());
        return (Secret) read(file);
      } finally {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a script printed, and its exit code. */
  record Script(int exitCode, String out, String err) {}

  /** Runs {@code deploy/kubernetes/create-secret.sh} with only these variables (and PATH). */
  static Script createSecret(Map<String, String> env) {
    try {
      Path err = Files.createTempFile("ficus-secret", ".err");
      try {
        ProcessBuilder builder =
            new ProcessBuilder("bash", KUBERNETES.resolve("create-secret.sh").toString())
                .redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("create-secret.sh ended").isTrue();
        return new Script(process.exitValue(), out, Files.readString(err));
      } finally {
        Files.delete(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The ConfigMap's {@code ficus.yml}, as a tree. */
  static JsonNode ficusYml() {
    try {
      return YAML.readTree(configMap().getData().get("ficus.yml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String name(Object resource) {
    return ((HasMetadata) resource).getMetadata().getName();
  }

  /**
   * fabric8's model keeps fields it does not know in {@code additionalProperties} instead of
   * failing: walk the object and collect them, so a misspelt key is found.
   */
  private static void unknownFields(
      Object node, String path, List<String> found, Map<Object, Boolean> seen) {
    if (node == null || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof Iterable<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", found, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> unknownFields(value, path + "." + key, found, seen));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(key -> found.add(path + "." + key));
        }
      } else {
        unknownFields(value, path + "." + field(getter.getName()), found, seen);
      }
    }
  }

  private static String field(String getter) {
    return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
  }
}
