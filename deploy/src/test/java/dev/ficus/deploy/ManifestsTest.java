package dev.ficus.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests under {@code deploy/kubernetes}, the Dockerfile and the Grafana dashboard agree
 * with each other and with what the gateway does: each manifest parses into the typed Kubernetes
 * model, selectors select the pods, ports and paths name what exists.
 */
class ManifestsTest {

  static final Deployment DEPLOYMENT = Manifests.deployment();
  static final PodSpec POD = DEPLOYMENT.getSpec().getTemplate().getSpec();
  static final Container CONTAINER = POD.getContainers().get(0);
  static final Map<String, String> POD_LABELS =
      DEPLOYMENT.getSpec().getTemplate().getMetadata().getLabels();

  @Test
  void everyManifestParsesIntoTheTypedKubernetesModel() {
    assertThat(Manifests.files()).hasSizeGreaterThanOrEqualTo(8);
    for (Path file : Manifests.files()) {
      assertThat(Manifests.read(file)).as(file.toString()).isNotNull();
    }
  }

  @Test
  void aMisspeltFieldIsCaught(@TempDir Path dir) throws IOException {
    Path typo = dir.resolve("deployment.yaml");
    Files.writeString(
        typo,
        Files.readString(Manifests.KUBERNETES.resolve("deployment.yaml"))
            .replace("readOnlyRootFilesystem:", "readOnlyRootFileSystem:"));
    assertThatThrownBy(() -> Manifests.read(typo)).hasMessageContaining("readOnlyRootFileSystem");
  }

  @Test
  void theKustomizationAppliesEveryManifestAndTheImage() throws IOException {
    Kustomization kustomization = Manifests.read("kustomization.yaml", Kustomization.class);
    Set<String> manifests;
    try (var files = Files.list(Manifests.KUBERNETES)) {
      manifests =
          files
              .map(file -> file.getFileName().toString())
              .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
              .collect(Collectors.toSet());
    }
    assertThat(new HashSet<>(kustomization.getResources())).isEqualTo(manifests);
    assertThat(kustomization.getResources()).noneMatch(name -> name.contains("secret"));
    String image = CONTAINER.getImage();
    assertThat(kustomization.getImages())
        .anyMatch(i -> image.equals(i.getName() + ":" + i.getNewTag()));
  }

  @Test
  void theDeploymentRunsThreeSafeReplicas() {
    assertThat(DEPLOYMENT.getSpec().getReplicas()).isEqualTo(3);
    assertThat(DEPLOYMENT.getSpec().getSelector().getMatchLabels()).isEqualTo(POD_LABELS);
    assertThat(
            DEPLOYMENT.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();
    assertThat(CONTAINER.getStartupProbe().getHttpGet().getPath())
        .isEqualTo("/ficus/actuator/health/liveness");
    assertThat(CONTAINER.getLivenessProbe().getHttpGet().getPath())
        .isEqualTo("/ficus/actuator/health/liveness");
    assertThat(CONTAINER.getReadinessProbe().getHttpGet().getPath())
        .isEqualTo("/ficus/actuator/health/readiness");
    assertThat(POD.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(CONTAINER.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(CONTAINER.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(CONTAINER.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(POD.getAutomountServiceAccountToken()).isFalse();
    assertThat(CONTAINER.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(CONTAINER.getResources().getLimits()).containsKey("memory");
    assertThat(POD.getTopologySpreadConstraints())
        .extracting(c -> c.getTopologyKey())
        .contains("kubernetes.io/hostname", "topology.kubernetes.io/zone");
    assertThat(POD.getTopologySpreadConstraints())
        .allSatisfy(c -> assertThat(c.getLabelSelector().getMatchLabels()).isEqualTo(POD_LABELS));
  }

  @Test
  void theGracePeriodCoversThePreStopPauseAndTheGatewaysDrain() throws IOException {
    int preStop = CONTAINER.getLifecycle().getPreStop().getSleep().getSeconds().intValue();
    assertThat(preStop).isPositive();
    JsonNode defaults =
        Manifests.YAML.readTree(
            Manifests.ROOT.resolve("gateway/src/main/resources/application.yml").toFile());
    assertThat(defaults.at("/server/shutdown").asText()).isEqualTo("graceful");
    Duration drain =
        Duration.parse("PT" + defaults.at("/spring/lifecycle/timeout-per-shutdown-phase").asText());
    assertThat(POD.getTerminationGracePeriodSeconds()).isGreaterThan(preStop + drain.toSeconds());
  }

  @Test
  void theImageRunsAsThePodsNonRootUserWithTheConfigMapsFile() throws IOException {
    Image image = Image.read();
    assertThat(image.user())
        .isEqualTo(
            POD.getSecurityContext().getRunAsUser()
                + ":"
                + POD.getSecurityContext().getRunAsGroup());
    assertThat(image.entrypoint().get(0)).as("exec form, no shell").isEqualTo("java");
    assertThat(image.entrypoint()).anyMatch(flag -> flag.startsWith("-XX:MaxRAMPercentage="));
    assertThat(image.exposed()).containsExactly(containerPort("http"));
    String configMount = mount("config").getMountPath();
    assertThat(image.cmd())
        .containsExactly("--spring.config.additional-location=file:" + configMount + "/ficus.yml");
    assertThat(Manifests.configMap().getData()).containsKey("ficus.yml");
    assertThat(POD.getVolumes())
        .anySatisfy(
            volume ->
                assertThat(volume.getConfigMap().getName())
                    .isEqualTo(Manifests.name(Manifests.configMap())));
  }

  @Test
  void whatTheGatewayWritesLiesOnWritableVolumes() throws IOException {
    JsonNode ficus = ficusYml().path("ficus");
    List<String> written =
        List.of(
            ficus.at("/capture/dir").asText(),
            ficus.at("/flags/unleash/backup-file").asText(),
            // The JVM's temporary files (-Djava.io.tmpdir).
            "/tmp/x");
    for (String path : written) {
      assertThat(path).startsWith("/");
      VolumeMount mount =
          CONTAINER.getVolumeMounts().stream()
              .filter(m -> path.startsWith(m.getMountPath() + "/"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no volume mounted over " + path));
      assertThat(mount.getReadOnly()).as(path).isNotEqualTo(Boolean.TRUE);
    }
  }

  @Test
  void everySecretTheConfigurationNeedsComesFromTheSecret() throws IOException {
    String ficusYml = Manifests.configMap().getData().get("ficus.yml");
    Set<String> env = CONTAINER.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
    Matcher placeholder = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(ficusYml);
    int found = 0;
    while (placeholder.find()) {
      assertThat(env).as("ficus.yml's ${%s}", placeholder.group(1)).contains(placeholder.group(1));
      found++;
    }
    assertThat(found).isGreaterThanOrEqualTo(5);
    Set<String> exampleKeys = Manifests.exampleSecret().getStringData().keySet();
    for (EnvVar variable : CONTAINER.getEnv()) {
      var secret = variable.getValueFrom().getSecretKeyRef();
      if (secret != null) {
        assertThat(secret.getName()).isEqualTo(Manifests.name(Manifests.exampleSecret()));
        assertThat(exampleKeys).as(variable.getName()).contains(secret.getKey());
      }
    }
    Matcher secretValue =
        Pattern.compile("(?m)^\\s*[\\w-]*(token|password):\\s*(\\S+)").matcher(ficusYml);
    int secrets = 0;
    while (secretValue.find()) {
      assertThat(secretValue.group(2)).as(secretValue.group()).startsWith("${");
      secrets++;
    }
    assertThat(secrets).as("tokens and passwords in ficus.yml").isEqualTo(4);
  }

  @Test
  void theServiceTheMonitorTheBudgetAndTheAutoscalerSelectTheseReplicas() {
    Service service = Manifests.read("service.yaml", Service.class);
    Service admin = Manifests.read("admin-service.yaml", Service.class);
    for (Service each : List.of(service, admin)) {
      assertThat(POD_LABELS).containsAllEntriesOf(each.getSpec().getSelector());
      String targetPort = each.getSpec().getPorts().get(0).getTargetPort().getStrVal();
      assertThat(CONTAINER.getPorts()).anyMatch(port -> port.getName().equals(targetPort));
    }

    // Prometheus scrapes the admin port, through the admin Service only.
    ServiceMonitor monitor = Manifests.read("servicemonitor.yaml", ServiceMonitor.class);
    Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
    assertThat(admin.getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat(service.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
        .as("the ServiceMonitor selects the public Service too")
        .isFalse();
    var endpoint = monitor.getSpec().getEndpoints().get(0);
    assertThat(endpoint.getPort()).isEqualTo("admin");
    assertThat(admin.getSpec().getPorts()).anyMatch(p -> p.getName().equals(endpoint.getPort()));
    Map<String, String> annotations =
        DEPLOYMENT.getSpec().getTemplate().getMetadata().getAnnotations();
    assertThat(endpoint.getPath())
        .isEqualTo(annotations.get("prometheus.io/path"))
        .isEqualTo("/ficus/actuator/prometheus");
    assertThat(annotations.get("prometheus.io/port"))
        .isEqualTo(Integer.toString(containerPort("admin")));

    PodDisruptionBudget budget = Manifests.read("pdb.yaml", PodDisruptionBudget.class);
    assertThat(POD_LABELS).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

    HorizontalPodAutoscaler autoscaler = Manifests.read("hpa.yaml", HorizontalPodAutoscaler.class);
    assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(autoscaler.getSpec().getScaleTargetRef().getName())
        .isEqualTo(Manifests.name(DEPLOYMENT));
    assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(DEPLOYMENT.getSpec().getReplicas());
    assertThat(autoscaler.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("cpu");
  }

  @Test
  void theAdminSurfaceListensOnTheAdminPortWhichNoPublicServiceExposes() {
    int adminPort = Manifests.ficusYml().at("/ficus/admin/port").asInt();
    assertThat(adminPort).as("ficus.admin.port in the ConfigMap").isPositive();
    assertThat(containerPort("admin")).isEqualTo(adminPort);
    assertThat(containerPort("http")).isEqualTo(ImageRun.PUBLIC_PORT).isNotEqualTo(adminPort);
    // The Service the ingress points at has the proxy port and nothing else.
    Service service = Manifests.read("service.yaml", Service.class);
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
    Service admin = Manifests.read("admin-service.yaml", Service.class);
    assertThat(Manifests.name(admin)).isEqualTo("ficus-admin");
    assertThat(admin.getSpec().getType()).as("cluster-internal").isEqualTo("ClusterIP");
    assertThat(admin.getSpec().getPorts())
        .singleElement()
        .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("admin"));
    // The kubelet asks the admin port, which starts last and stops first.
    for (var probe :
        List.of(
            CONTAINER.getStartupProbe(),
            CONTAINER.getLivenessProbe(),
            CONTAINER.getReadinessProbe())) {
      assertThat(probe.getHttpGet().getPort().getStrVal())
          .as(probe.getHttpGet().getPath())
          .isEqualTo("admin");
    }
  }

  @Test
  void onlyThePodNetworkMaySayWhoTheUserIs() {
    String trusted = Manifests.ficusYml().at("/ficus/identity/trusted-proxies").asText();
    assertThat(trusted).as("ficus.identity.trusted-proxies in the ConfigMap").isNotBlank();
    Pattern pattern = Pattern.compile(trusted);
    assertThat(pattern.matcher("10.244.3.17").matches()).isTrue();
    for (String outside : List.of("203.0.113.7", "127.0.0.1", "10.2440.3.17", "192.168.1.10")) {
      assertThat(pattern.matcher(outside).matches()).as(outside).isFalse();
    }
  }

  @Test
  void theSecretScriptGeneratesANewAdminTokenEachRun() {
    Secret first = Manifests.exampleSecret();
    Secret second = Manifests.exampleSecret();
    String token = first.getStringData().get("admin-token");
    assertThat(token)
        .matches("[0-9a-f]{64}")
        .isNotEqualTo(second.getStringData().get("admin-token"));
    assertThat(Manifests.name(first)).isEqualTo("ficus");
    assertThat(first.getStringData())
        .containsEntry("unleash-api-token", "default:production.client-token")
        .containsEntry("unleash-admin-token", "*:*.admin-token")
        .containsEntry("evidence-url", "jdbc:postgresql://postgres:5432/ficus")
        .containsEntry("evidence-username", "ficus")
        .containsEntry("evidence-password", "it's a password");
    assertThat(first.getStringData().values()).noneMatch(value -> value.contains("change-me"));
  }

  @Test
  void theSecretScriptNamesWhatIsMissingAndPrintsNothing() {
    Manifests.Script run =
        Manifests.createSecret(Map.of("UNLEASH_API_TOKEN", "default:production.client-token"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("set UNLEASH_ADMIN_TOKEN FICUS_EVIDENCE_URL FICUS_EVIDENCE_PASSWORD");

    Map<String, String> twoLines = new java.util.HashMap<>(Manifests.SECRET_ENV);
    twoLines.put("FICUS_EVIDENCE_PASSWORD", "one\ntwo");
    run = Manifests.createSecret(twoLines);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("FICUS_EVIDENCE_PASSWORD holds a line break");
  }

  @Test
  void theDashboardShowsEveryRouteWithAReplicaSelector() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(Manifests.DEPLOY.resolve("grafana/ficus-fleet.json").toFile());
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    assertThat(dashboard.at("/templating/list").findValuesAsText("name"))
        .contains("datasource", "route", "instance");
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("targets").findValuesAsText("expr"))
            .as(panel.path("title").asText())
            .isNotEmpty()
            .allMatch(expr -> expr.contains("ficus_"));
      }
    }
    assertThat(dashboard.path("panels").findValuesAsText("title"))
        .contains(
            "Decisions by side",
            "Share to new",
            "Mismatch rate",
            "Comparisons and skips",
            "Latency per side",
            "Errors by side",
            "Fallbacks",
            "Circuit breaker",
            "Guardrail trips",
            "Capture");
  }

  static JsonNode ficusYml() {
    return Manifests.ficusYml();
  }

  static int containerPort(String name) {
    return CONTAINER.getPorts().stream()
        .filter(port -> port.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + name))
        .getContainerPort();
  }

  static VolumeMount mount(String name) {
    return CONTAINER.getVolumeMounts().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
