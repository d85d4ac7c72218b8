package dev.ficus.gateway.autopilot;

import dev.ficus.evidence.AutopilotStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs each autopilot step to the route's webhook as JSON, as Flagger does: off the autopilot's
 * thread, retried three times (after 1, 2 and 4 s) when the receiver fails or answers 5xx; a step
 * that still cannot be delivered is logged, and the autopilot goes on.
 */
final class Webhook implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Webhook.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final int ATTEMPTS = 4;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService sender =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "ficus-autopilot-webhook");
            thread.setDaemon(true);
            return thread;
          });

  void send(URI uri, String route, AutopilotStore.Step step, String replica, boolean dryRun) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("route", route);
    body.put("action", step.action());
    body.put("from", step.from());
    body.put("to", step.to());
    body.put("reason", step.reason());
    body.put("at", step.at().toString());
    body.put("by", step.by());
    body.put("replica", replica);
    body.put("dryRun", dryRun);
    String json = JSON.writeValueAsString(body);
    sender.execute(() -> attempt(uri, route, json, 1));
  }

  private void attempt(URI uri, String route, String json, int attempt) {
    String problem;
    try {
      HttpResponse<Void> answer =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (answer.statusCode() < 500) {
        if (answer.statusCode() >= 400) {
          log.warn(
              "Autopilot webhook {} refused the step of route {}: HTTP {}",
              uri,
              route,
              answer.statusCode());
        }
        return;
      }
      problem = "HTTP " + answer.statusCode();
    } catch (java.io.IOException e) {
      problem = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (attempt >= ATTEMPTS) {
      log.warn(
          "Autopilot webhook {} did not take the step of route {} after {} attempts: {}",
          uri,
          route,
          attempt,
          problem);
      return;
    }
    long delay = 1L << (attempt - 1);
    sender.schedule(() -> attempt(uri, route, json, attempt + 1), delay, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    sender.shutdown();
  }
}
