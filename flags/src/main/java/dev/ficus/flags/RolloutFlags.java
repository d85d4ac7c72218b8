package dev.ficus.flags;

import dev.ficus.flags.internal.FileFlagWriter;
import dev.ficus.flags.internal.FlagDocuments;
import dev.ficus.flags.internal.FlagSourceState;
import dev.ficus.flags.internal.FlagsFileFetcher;
import dev.ficus.flags.internal.ObservedFetcher;
import dev.ficus.flags.internal.UnleashAdminWriter;
import dev.ficus.flags.internal.UnleashRolloutFlags;
import io.getunleash.DefaultUnleash;
import io.getunleash.Unleash;
import io.getunleash.repository.HttpFeatureFetcher;
import io.getunleash.util.UnleashConfig;
import io.getunleash.util.UnleashScheduledExecutorImpl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Per-user rollout decisions, made by Unleash itself so that every gateway replica decides the same
 * way for the same user ({@code flexibleRollout} with {@code stickiness: userId}); and each flag's
 * stage, share and rollback as the source holds them, read and written in Unleash's own model.
 *
 * <p>A decision never fails the caller: whatever goes wrong with the flag source, the last known
 * flags stay in force, and a flag that was never known is {@link FlagState#UNKNOWN}.
 */
public interface RolloutFlags extends AutoCloseable {

  /** How the flag decides for this user; {@code userId} must not be null. */
  default FlagState stateFor(String flag, String userId) {
    return stateFor(flag, userId, Map.of());
  }

  /**
   * How the flag decides for this user with these Unleash context properties (e.g. {@code tenant},
   * {@code plan}), which the flag's constraints and segments may select on.
   *
   * @param userId the user id, or null
   */
  FlagState stateFor(String flag, String userId, Map<String, String> properties);

  /** Every flag in force, by name, as Ficus reads it. */
  Map<String, FlagDefinition> definitions();

  /**
   * Calls {@code listener} with the flags in force now, and after every change of the source, on
   * the thread that read it.
   */
  void onChange(Consumer<Map<String, FlagDefinition>> listener);

  /** How the source is doing. */
  FlagSourceStatus status();

  /** Where stage changes are written; empty when the source cannot be written. */
  Optional<FlagWriter> writer();

  /** Stops polling and releases the client. */
  @Override
  void close();

  /**
   * Flags from a file in the Unleash client-API format, re-read every second while it changes;
   * stage changes are written back into it.
   *
   * @throws FlagsFileException when the file is missing, unreadable or not valid
   */
  static RolloutFlags fromFile(Path file) {
    FlagsFileFetcher fetcher = FlagsFileFetcher.validated(file);
    FlagSourceState state =
        new FlagSourceState("file " + file, Duration.ofSeconds(1), Clock.systemUTC());
    Path backup = temporaryBackup();
    UnleashScheduledExecutorImpl poller = new UnleashScheduledExecutorImpl();
    UnleashConfig config =
        UnleashConfig.builder()
            .appName("ficus")
            .instanceId("ficus-file-" + UUID.randomUUID())
            // Required by the client even when it never calls a server.
            .unleashAPI("http://127.0.0.1:1/api")
            .unleashFeatureFetcherFactory(ignored -> new ObservedFetcher(fetcher, state, false))
            .fetchTogglesInterval(1)
            .synchronousFetchOnInitialisation(true)
            .disableMetrics()
            .backupFile(backup.toString())
            .scheduledExecutor(poller)
            .build();
    return new UnleashRolloutFlags(
        new DefaultUnleash(config),
        state,
        new FileFlagWriter(file),
        () -> {
          poller.shutdownNow();
          deleteQuietly(backup);
        });
  }

  /**
   * Flags from a real Unleash server's client API. Until the server first answers, and whenever it
   * is unreachable, the flags last written to {@code backupFile} are used. Stage changes are
   * written through its admin API when the server names an admin token.
   */
  static RolloutFlags fromServer(UnleashServer server) {
    FlagSourceState state =
        new FlagSourceState(
            "Unleash server " + server.url(),
            Duration.ofSeconds(server.refreshSeconds()),
            Clock.systemUTC());
    restoreBackup(server.backupFile(), state);
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
            .unleashFeatureFetcherFactory(
                unleashConfig ->
                    new ObservedFetcher(new HttpFeatureFetcher(unleashConfig), state, true))
            .scheduledExecutor(poller)
            .build();
    FlagWriter writer =
        server.adminToken() == null
            ? null
            : new UnleashAdminWriter(
                server.adminBase(), server.adminToken(), server.project(), server.environment());
    return new UnleashRolloutFlags(new DefaultUnleash(config), state, writer, poller::shutdownNow);
  }

  /** Wraps any Unleash client, typically {@link io.getunleash.FakeUnleash} in tests. */
  static RolloutFlags of(Unleash unleash) {
    return new UnleashRolloutFlags(
        unleash, FlagSourceState.none(unleash.getClass().getSimpleName()), null, () -> {});
  }

  private static void restoreBackup(Path backup, FlagSourceState state) {
    try {
      if (Files.isReadable(backup)) {
        String content = Files.readString(backup, StandardCharsets.UTF_8);
        if (FlagsFileFetcher.problemWith(content, true).isEmpty()) {
          state.restored(FlagDocuments.definitions(content));
        }
      }
    } catch (IOException e) {
      // The client reads the same backup; without it the flags are unknown until the server
      // answers.
    }
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
