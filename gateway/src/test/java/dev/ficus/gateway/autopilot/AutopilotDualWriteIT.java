package dev.ficus.gateway.autopilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ficus.gateway.testing.EntityStore;
import dev.ficus.gateway.testing.FlagsFiles;
import dev.ficus.gateway.testing.Replica;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A write route with dual-write settings under the autopilot: from shadow it steps to dual-write,
 * holds there until its written entities read back alike from both sides, then to its first canary
 * share. One replica, its evidence in the embedded store, stateful stand-ins on both sides.
 */
class AutopilotDualWriteIT {

  static final String TOKEN = "autopilot-dual-write-token";
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aWriteRouteStepsFromShadowThroughDualWriteToCanary() throws Exception {
    Path dir = FlagsFiles.temporaryDirectory();
    Path flags = FlagsFiles.write(dir.resolve("flags.json"), Map.of("shipments-flag", 0));
    AtomicBoolean running = new AtomicBoolean(true);
    try (EntityStore legacy = EntityStore.numbered("L-");
        EntityStore fresh = EntityStore.uuids()) {
      Map<String, String> settings = new HashMap<>();
      settings.put("ficus.legacy.uri", legacy.uri());
      settings.put("ficus.admin.token", TOKEN);
      settings.put("ficus.flags.file", flags.toString());
      settings.put("ficus.evidence.dir", dir.resolve("evidence").toString());
      settings.put("ficus.evidence.flush-interval", "300ms");
      // 0 of 10 differing bounds a rate under 30%: a short test's threshold.
      settings.put("ficus.verdict.max-mismatch-rate", "0.3");
      settings.put("ficus.verdict.max-latency-effect", "1");
      String prefix = "ficus.routes[0].";
      settings.put(prefix + "id", "shipments");
      settings.put(prefix + "paths[0]", "/shipments/**");
      settings.put(prefix + "mode", "shadow");
      settings.put(prefix + "flag", "shipments-flag");
      settings.put(prefix + "new-uri", fresh.uri());
      settings.put(prefix + "dual-write.read-back", "/shipments/{id}");
      settings.put(prefix + "dual-write.id", "/id");
      settings.put(prefix + "dual-write.delay", "100ms");
      settings.put(prefix + "autopilot.enabled", "true");
      settings.put(prefix + "autopilot.steps[0]", "10");
      settings.put(prefix + "autopilot.steps[1]", "100");
      settings.put(prefix + "autopilot.hold", "1s");
      settings.put(prefix + "autopilot.min-comparisons", "10");
      try (Replica gateway = Replica.start("pilot", settings)) {
        Thread traffic =
            new Thread(
                () -> {
                  int i = 0;
                  while (running.get()) {
                    try {
                      // Reads both sides answer alike, and writes.
                      gateway.client().get("/shipments/none-" + i, "X-User-Id", "u" + i % 50);
                      gateway
                          .client()
                          .send(
                              gateway
                                  .client()
                                  .request("/shipments")
                                  .header("Content-Type", "application/json")
                                  .header("X-User-Id", "u" + i % 50)
                                  .POST(
                                      HttpRequest.BodyPublishers.ofString("{\"parcel\":" + i + "}"))
                                  .build());
                      Thread.sleep(50);
                    } catch (RuntimeException | InterruptedException stopped) {
                      return;
                    }
                    i++;
                  }
                },
                "autopilot-dual-write-traffic");
        traffic.setDaemon(true);
        traffic.start();
        try {
          await()
              .atMost(Duration.ofSeconds(90))
              .until(() -> route(gateway).path("stage").asString().equals("canary"));
        } finally {
          running.set(false);
        }
        JsonNode route = route(gateway);
        assertThat(history(route, "to")).containsSubsequence("dual-write", "canary 10%");
        List<String> reasons = history(route, "reason");
        assertThat(reasons.get(history(route, "to").indexOf("canary 10%")))
            .startsWith("READY at dual-write:");
        assertThat(route.path("dualWrite").path("converged").asLong()).isGreaterThanOrEqualTo(9);
        assertThat(route.path("dualWrite").path("diverged").asLong()).isZero();
      }
    }
  }

  private static JsonNode route(Replica gateway) {
    return JSON.readTree(
        gateway.client().get("/ficus/routes/shipments", "Authorization", "Bearer " + TOKEN).body());
  }

  private static List<String> history(JsonNode route, String field) {
    List<String> values = new ArrayList<>();
    route
        .path("autopilot")
        .path("history")
        .forEach(step -> values.add(step.path(field).asString()));
    return values;
  }
}
