package dev.ficus.flags.internal;

import dev.ficus.flags.FlagDefinition;
import dev.ficus.flags.FlagUpdate;
import dev.ficus.flags.FlagWriteException;
import dev.ficus.flags.FlagWriter;
import io.getunleash.engine.Context;
import io.getunleash.engine.FlatResponse;
import io.getunleash.engine.UnleashEngine;
import io.getunleash.engine.YggdrasilInvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-your-writes for the replica that wrote a flag: from the moment the write lands until the
 * flag source shows it (its next poll), this replica decides the flag's users from the content it
 * last read with the write applied, by the same Unleash engine and hash, so the change is in force
 * here at once and each user gets the side the whole fleet will give them a poll later.
 */
final class WrittenHere {

  private record Pending(UnleashEngine engine, FlagUpdate update, Instant until) {}

  /**
   * How long a write is still decided here once the source shows it: the source's flags are read a
   * moment before the client's engine takes them, and in that moment the engine still holds the
   * flags from before the write.
   */
  private static final Duration SHOWN_GRACE = Duration.ofSeconds(2);

  private final FlagSourceState state;
  private final Duration hold;
  private final Clock clock;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /**
   * @param hold how long a write is decided here at most, should the source never show it
   */
  WrittenHere(FlagSourceState state, Duration hold, Clock clock) {
    this.state = state;
    this.hold = hold;
    this.clock = clock;
  }

  /** The writer, each of whose writes is then decided here until the source shows it. */
  FlagWriter recording(FlagWriter writer) {
    return new FlagWriter() {
      @Override
      public void write(String flag, FlagUpdate update) throws FlagWriteException {
        writer.write(flag, update);
        written(flag, update);
      }

      @Override
      public String target() {
        return writer.target();
      }

      @Override
      public String toString() {
        return writer.toString();
      }
    };
  }

  void written(String flag, FlagUpdate update) {
    String base = state.lastContent();
    if (base == null) {
      return;
    }
    try {
      String content = FlagDocuments.withUpdate(base, flag, update);
      UnleashEngine engine = new UnleashEngine();
      engine.takeState(content);
      pending.put(flag, new Pending(engine, update, clock.instant().plus(hold)));
    } catch (YggdrasilInvalidInputException | RuntimeException e) {
      // Decided by the source's content, a poll later, as without this.
      pending.remove(flag);
    }
  }

  /**
   * The decision for a user of a flag written here that the source does not show yet; null when the
   * flag is decided by the source as usual.
   */
  Boolean decide(String flag, String userId, Map<String, String> properties) {
    Pending written = pending.get(flag);
    if (written == null) {
      return null;
    }
    Instant now = clock.instant();
    if (now.isAfter(written.until())) {
      pending.remove(flag, written);
      return null;
    }
    if (shown(written.update(), flag) && written.until().isAfter(now.plus(SHOWN_GRACE))) {
      // Shown: decided here a little longer, until the client's engine surely took it too.
      pending.replace(
          flag, written, new Pending(written.engine(), written.update(), now.plus(SHOWN_GRACE)));
    }
    Context context = new Context();
    context.setUserId(userId);
    context.setProperties(properties);
    try {
      FlatResponse<Boolean> enabled = written.engine().isEnabled(flag, context);
      return enabled.value != null && enabled.value;
    } catch (YggdrasilInvalidInputException | RuntimeException e) {
      return null;
    }
  }

  /** Whether the source's flags hold the update: its stage, and its share when it gave one. */
  private boolean shown(FlagUpdate update, String flag) {
    FlagDefinition definition = state.definitions().get(flag);
    return definition != null
        && definition.stage() == update.stage()
        && (update.share() == null || Objects.equals(definition.share(), update.share()));
  }
}
