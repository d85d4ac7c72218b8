package dev.ficus.flags;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a real Unleash server is and how to read it.
 *
 * @param url the client API base, e.g. {@code http://127.0.0.1:4242/api}
 * @param apiToken a client API token
 * @param appName the application name shown in Unleash
 * @param refreshSeconds how often the flags are fetched
 * @param backupFile where the last fetched flags are kept for a restart during an outage
 */
public record UnleashServer(
    String url, String apiToken, String appName, long refreshSeconds, Path backupFile) {

  public UnleashServer {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(backupFile, "backupFile");
    if (refreshSeconds < 1) {
      throw new IllegalArgumentException(
          "refreshSeconds must be at least 1, was " + refreshSeconds);
    }
    appName = appName == null || appName.isBlank() ? "ficus" : appName;
  }
}
