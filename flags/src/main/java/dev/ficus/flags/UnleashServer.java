package dev.ficus.flags;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a real Unleash server is and how to read and write it.
 *
 * @param url the client API base, e.g. {@code http://127.0.0.1:4242/api}
 * @param apiToken a client API token
 * @param appName the application name shown in Unleash
 * @param refreshSeconds how often the flags are fetched
 * @param backupFile where the last fetched flags are kept for a restart during an outage
 * @param adminToken an admin API token, for writing stage changes; null when Ficus only reads
 * @param adminBase the server's root, under which the admin API is ({@code /api/admin})
 * @param project the project new flags are created in
 * @param environment the environment whose strategies Ficus reads and writes
 */
public record UnleashServer(
    String url,
    String apiToken,
    String appName,
    long refreshSeconds,
    Path backupFile,
    String adminToken,
    URI adminBase,
    String project,
    String environment) {

  public UnleashServer {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(backupFile, "backupFile");
    if (refreshSeconds < 1) {
      throw new IllegalArgumentException(
          "refreshSeconds must be at least 1, was " + refreshSeconds);
    }
    appName = appName == null || appName.isBlank() ? "ficus" : appName;
    adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken;
    adminBase = adminBase == null ? rootOf(url) : adminBase;
    project = project == null || project.isBlank() ? "default" : project;
    environment =
        environment == null || environment.isBlank() ? environmentOf(apiToken) : environment;
  }

  /** A server Ficus only reads: no admin token. */
  public UnleashServer(
      String url, String apiToken, String appName, long refreshSeconds, Path backupFile) {
    this(url, apiToken, appName, refreshSeconds, backupFile, null, null, null, null);
  }

  /** {@code http://host:4242/api} to {@code http://host:4242/}. */
  static URI rootOf(String clientApi) {
    String root = clientApi.replaceAll("/+$", "");
    if (root.endsWith("/api")) {
      root = root.substring(0, root.length() - "/api".length());
    }
    return URI.create(root + "/");
  }

  /**
   * The environment a client token is for: {@code default:development.secret} is for {@code
   * development}; {@code development} when the token does not say.
   */
  static String environmentOf(String apiToken) {
    if (apiToken != null) {
      int colon = apiToken.indexOf(':');
      int dot = apiToken.indexOf('.', colon + 1);
      if (colon >= 0 && dot > colon + 1) {
        return apiToken.substring(colon + 1, dot);
      }
    }
    return "development";
  }
}
