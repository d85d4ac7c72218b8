package dev.ficus.flags.internal;

import dev.ficus.flags.FlagUpdate;
import dev.ficus.flags.FlagWriteException;
import dev.ficus.flags.FlagWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a flag's stage, share and rollback through an Unleash server's admin API, as a person
 * would in its UI: the flag is created in its project when missing, its first {@code
 * flexibleRollout} strategy in the environment is updated (or added), and the flag is turned on in
 * the environment for a stage that serves new.
 */
public final class UnleashAdminWriter implements FlagWriter {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI base;
  private final String adminToken;
  private final String project;
  private final String environment;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

  /**
   * @param base the server's root, e.g. {@code http://127.0.0.1:4242} (its admin API is under
   *     {@code /api/admin})
   */
  public UnleashAdminWriter(URI base, String adminToken, String project, String environment) {
    this.base = base;
    this.adminToken = adminToken;
    this.project = project;
    this.environment = environment;
  }

  @Override
  public void write(String flag, FlagUpdate update) throws FlagWriteException {
    String feature = "/api/admin/projects/" + encode(project) + "/features/" + encode(flag);
    String strategies = feature + "/environments/" + encode(environment) + "/strategies";
    HttpResponse<String> found = send("GET", feature, null);
    if (found.statusCode() == 404) {
      ObjectNode created = FlagDocuments.JSON.createObjectNode();
      created.put("name", flag);
      created.put("type", "release");
      created.put("description", "Ficus route flag: stage as the variant, share as the rollout");
      expect(send("POST", "/api/admin/projects/" + encode(project) + "/features", created), flag);
      found = send("GET", feature, null);
    }
    expect(found, flag);
    JsonNode definition = FlagDocuments.JSON.readTree(found.body());
    JsonNode environmentNode = null;
    for (JsonNode candidate : definition.path("environments")) {
      if (environment.equals(candidate.path("name").asString())) {
        environmentNode = candidate;
      }
    }
    if (environmentNode == null) {
      throw new FlagWriteException(
          "flag "
              + flag
              + " has no environment '"
              + environment
              + "' in project "
              + project
              + " of "
              + base
              + "; set ficus.flags.unleash.environment");
    }
    JsonNode existing = null;
    for (JsonNode strategy : environmentNode.path("strategies")) {
      if ("flexibleRollout".equals(strategy.path("name").asString())) {
        existing = strategy;
        break;
      }
    }
    ObjectNode strategy = FlagDocuments.JSON.createObjectNode();
    strategy.put("name", "flexibleRollout");
    if (existing == null) {
      ObjectNode parameters = strategy.putObject("parameters");
      parameters.put("rollout", "0");
      parameters.put("stickiness", "userId");
      parameters.put("groupId", flag);
      strategy.putArray("constraints");
    } else {
      strategy.set("parameters", existing.path("parameters").deepCopy());
      strategy.set("constraints", existing.path("constraints").deepCopy());
      strategy.set("variants", existing.path("variants").deepCopy());
      if (existing.has("segments")) {
        strategy.set("segments", existing.path("segments").deepCopy());
      }
      if (existing.has("title")) {
        strategy.set("title", existing.path("title").deepCopy());
      }
      strategy.put("disabled", false);
    }
    FlagDocuments.applyTo(strategy, update);
    if (existing == null) {
      expect(send("POST", strategies, strategy), flag);
    } else {
      expect(
          send("PUT", strategies + "/" + encode(existing.path("id").asString()), strategy), flag);
    }
    if (update.stage().servesNew() && !environmentNode.path("enabled").asBoolean(false)) {
      expect(send("POST", feature + "/environments/" + encode(environment) + "/on", null), flag);
    }
  }

  private HttpResponse<String> send(String method, String path, JsonNode body)
      throws FlagWriteException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .header("Authorization", adminToken)
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new FlagWriteException("cannot reach the Unleash admin API at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlagWriteException("interrupted while writing to " + base, e);
    }
  }

  private void expect(HttpResponse<String> response, String flag) throws FlagWriteException {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String body = response.body() == null ? "" : response.body();
    throw new FlagWriteException(
        "the Unleash admin API at "
            + base
            + " answered "
            + status
            + " to "
            + response.request().method()
            + " "
            + response.request().uri().getPath()
            + " for flag "
            + flag
            + (status == 401 || status == 403
                ? " (check ficus.flags.unleash.admin-token: an admin API token)"
                : "")
            + ": "
            + body.substring(0, Math.min(300, body.length())));
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String target() {
    return "Unleash admin API "
        + base
        + " (project "
        + project
        + ", environment "
        + environment
        + ")";
  }

  @Override
  public String toString() {
    return "UnleashAdminWriter[" + target() + "]";
  }
}
