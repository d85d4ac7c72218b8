package dev.ficus.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/overlays/mirror}: Ficus beside an Istio VirtualService that mirrors the monolith's
 * traffic to Ficus's mirror port. The overlay's pieces fit the base manifests and each other: the
 * patch names the base's Deployment and container, the port the gateway listens on is the one the
 * container declares, the Service sends to it, and the VirtualService mirrors to that Service.
 */
class MirrorOverlayTest {

  static final Path OVERLAY = Manifests.DEPLOY.resolve("overlays/mirror");

  static Object read(String name) {
    return Manifests.read(OVERLAY.resolve(name));
  }

  static Container patchedContainer() {
    Deployment patch = (Deployment) read("deployment-mirror.yaml");
    assertThat(patch.getMetadata().getName())
        .as("the patch names the base's Deployment")
        .isEqualTo(Manifests.deployment().getMetadata().getName());
    return patch.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void theKustomizationBuildsOnTheBaseWithTheMirrorsPieces() {
    Kustomization kustomization = (Kustomization) read("kustomization.yaml");
    assertThat(kustomization.getResources())
        .containsExactly("../../kubernetes", "mirror-service.yaml", "virtualservice.yaml");
    for (String resource : kustomization.getResources()) {
      assertThat(OVERLAY.resolve(resource)).exists();
    }
    assertThat(kustomization.getPatches())
        .singleElement()
        .satisfies(patch -> assertThat(OVERLAY.resolve(patch.getPath())).exists());
  }

  @Test
  void theGatewayListensForMirroredCopiesOnThePortTheContainerDeclares() {
    Container patch = patchedContainer();
    Container base =
        Manifests.deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(patch.getName()).isEqualTo(base.getName());
    ContainerPort mirror =
        patch.getPorts().stream()
            .filter(p -> "mirror".equals(p.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(base.getPorts())
        .as("the mirror port is a port of its own")
        .noneMatch(p -> p.getContainerPort().equals(mirror.getContainerPort()));
    EnvVar port =
        patch.getEnv().stream()
            .filter(e -> e.getName().equals("FICUS_MIRROR_PORT"))
            .findFirst()
            .orElseThrow();
    assertThat(Integer.valueOf(port.getValue())).isEqualTo(mirror.getContainerPort());
  }

  @Test
  void theVirtualServiceMirrorsToTheServiceOfTheMirrorPort() throws IOException {
    Service service = (Service) read("mirror-service.yaml");
    ServicePort port = service.getSpec().getPorts().get(0);
    assertThat(port.getTargetPort().getStrVal()).isEqualTo("mirror");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(Manifests.deployment().getSpec().getSelector().getMatchLabels());

    JsonNode virtualService =
        Manifests.YAML.readTree(OVERLAY.resolve("virtualservice.yaml").toFile());
    assertThat(virtualService.path("apiVersion").asText()).isEqualTo("networking.istio.io/v1");
    assertThat(virtualService.path("kind").asText()).isEqualTo("VirtualService");
    JsonNode http = virtualService.path("spec").path("http").get(0);
    assertThat(http.path("mirror").path("host").asText())
        .isEqualTo(service.getMetadata().getName());
    assertThat(http.path("mirror").path("port").path("number").asInt()).isEqualTo(port.getPort());
    assertThat(http.path("mirrorPercentage").path("value").asDouble()).isBetween(0.0, 100.0);
    assertThat(http.path("route").get(0).path("destination").path("host").asText())
        .as("users are still answered by the monolith")
        .isEqualTo("monolith");
  }

  @Test
  void kubectlRendersTheOverlayWhereKubectlIsInstalled() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/kubectl")), "kubectl is not installed here");
    Process process =
        new ProcessBuilder("/usr/bin/kubectl", "kustomize", OVERLAY.toString())
            .redirectErrorStream(true)
            .start();
    String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(rendered).isZero();
    List<JsonNode> documents =
        Manifests.YAML.readerFor(JsonNode.class).<JsonNode>readValues(rendered).readAll();
    JsonNode deployment =
        documents.stream()
            .filter(d -> d.path("kind").asText().equals("Deployment"))
            .findFirst()
            .orElseThrow();
    JsonNode ports = deployment.at("/spec/template/spec/containers/0/ports");
    assertThat(ports.findValuesAsText("name")).contains("http", "admin", "mirror");
    assertThat(documents.stream().map(d -> d.path("kind").asText()))
        .contains("VirtualService", "ConfigMap", "Service");
  }
}
