package dev.ficus.flags;

import dev.ficus.flags.internal.FlagsFileFetcher;
import dev.ficus.flags.internal.UnleashRolloutFlags;
import io.getunleash.DefaultUnleash;
import io.getunleash.Unleash;
import io.getunleash.util.UnleashConfig;
import io.getunleash.util.UnleashScheduledExecutorImpl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Per-user rollout decisions, made by Unleash itself so that every gateway replica decides the same
 * way for the same user ({@code flexibleRollout} with {@code stickiness: userId}).
 *
 * <p>A decision never fails the caller: whatever goes wrong with the flag source, the last known
 * flags stay in force, and a flag that was never known is {@link FlagState#UNKNOWN}.
 */
public interface RolloutFlags extends AutoCloseable {

  /** How the flag decides for this user; {@code userId} must not be null. */
  FlagState stateFor(String flag, String userId);

  /** Stops polling and releases the client. */
  @Override
  void close();

  /**
   * Flags from a file in the Unleash client-API format, re-read every second while it changes.
   *
   * @throws FlagsFileException when the file is missing, unreadable or malformed
   */
  static RolloutFlags fromFile(Path file) {
    FlagsFileFetcher fetcher = FlagsFileFetcher.validated(file);
    Path backup = temporaryBackup();
    UnleashScheduledExecutorImpl poller = new UnleashScheduledExecutorImpl();
    UnleashConfig config =
        UnleashConfig.builder()
            .appName("ficus")
            .instanceId("ficus-file-" + UUID.randomUUID())
            // Required by the client even when it never calls a server.
            .unleashAPI("http://127.0.0.1:1/api")
            .unleashFeatureFetcherFactory(ignored -> fetcher)
            .fetchTogglesInterval(1)
            .synchronousFetchOnInitialisation(true)
            .disableMetrics()
            .backupFile(backup.toString())
            .scheduledExecutor(poller)
            .build();
    return new UnleashRolloutFlags(
        new DefaultUnleash(config),
        "file " + file,
        () -> {
          poller.shutdownNow();
          deleteQuietly(backup);
        });
  }

  /**
   * Flags from a real Unleash server's client API. Until the server first answers, and whenever it
   * is unreachable, the flags last written to {@code backupFile} are used.
   */
  static RolloutFlags fromServer(UnleashServer server) {
    UnleashScheduledExecutorImpl poller = new UnleashScheduledExecutorImpl();
    UnleashConfig config =
        UnleashConfig.builder()
            .appName(server.appName())
            .instanceId(server.appName() + "-" + UUID.randomUUID())
            .unleashAPI(server.url())
            .apiKey(server.apiToken())
            .fetchTogglesInterval(server.refreshSeconds())
            .synchronousFetchOnInitialisation(false)
            .disableMetrics()
            .backupFile(server.backupFile().toString())
            .scheduledExecutor(poller)
            .build();
    return new UnleashRolloutFlags(
        new DefaultUnleash(config), "Unleash server " + server.url(), poller::shutdownNow);
  }

  /** Wraps any Unleash client, typically {@link io.getunleash.FakeUnleash} in tests. */
  static RolloutFlags of(Unleash unleash) {
    return new UnleashRolloutFlags(unleash, unleash.getClass().getSimpleName(), () -> {});
  }

  private static Path temporaryBackup() {
    try {
      Path backup = Files.createTempFile("ficus-flags-", ".json");
      backup.toFile().deleteOnExit();
      return backup;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the flags backup file in java.io.tmpdir", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file; the JVM removes it on exit
    }
  }
}
