package dev.ficus.flags.internal;

import dev.ficus.flags.FlagDefinition;
import dev.ficus.flags.FlagSourceStatus;
import dev.ficus.flags.FlagState;
import dev.ficus.flags.FlagWriter;
import dev.ficus.flags.RolloutFlags;
import io.getunleash.Unleash;
import io.getunleash.UnleashContext;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollout decisions from an Unleash client; an unknown flag is reported once, then answered
 * quietly.
 */
public final class UnleashRolloutFlags implements RolloutFlags {

  private static final Logger log = LoggerFactory.getLogger(UnleashRolloutFlags.class);

  private final Unleash unleash;
  private final FlagSourceState state;
  private final FlagWriter writer;
  private final Runnable releaseResources;
  private final Set<String> warnedUnknown = ConcurrentHashMap.newKeySet();
  private final WrittenHere writtenHere;

  /**
   * @param writer where stage changes are written, or null
   * @param releaseResources run on close, after the client's own shutdown (which does not stop
   *     polling)
   */
  public UnleashRolloutFlags(
      Unleash unleash, FlagSourceState state, FlagWriter writer, Runnable releaseResources) {
    this.unleash = unleash;
    this.state = state;
    this.writtenHere =
        new WrittenHere(
            state,
            state.status().refreshInterval().multipliedBy(3).plusSeconds(5),
            java.time.Clock.systemUTC());
    this.writer = writer == null ? null : writtenHere.recording(writer);
    this.releaseResources = releaseResources;
  }

  @Override
  public FlagState stateFor(String flag, String userId, Map<String, String> properties) {
    Boolean writtenHereDecides = writtenHere.decide(flag, userId, properties);
    if (writtenHereDecides != null) {
      return writtenHereDecides ? FlagState.ON : FlagState.OFF;
    }
    UnleashContext.Builder builder = UnleashContext.builder().userId(userId);
    properties.forEach(builder::addProperty);
    return stateFor(flag, builder.build());
  }

  /**
   * How the flag decides in a whole Unleash context (session, remote address, environment, app
   * name, current time as well as user id and properties): the decision {@link #stateFor(String,
   * String, Map)} makes, with more of the context given.
   */
  public FlagState stateFor(String flag, UnleashContext context) {
    try {
      if (unleash.more().getFeatureToggleDefinition(flag).isEmpty()) {
        if (warnedUnknown.add(flag)) {
          log.warn(
              "Flag '{}' is not known to {}{}; its users are served by legacy",
              flag,
              state.status().source(),
              NearestName.among(flag, unleash.more().getFeatureToggleNames())
                  .map(name -> " (did you mean '" + name + "'?)")
                  .orElse(""));
        }
        return FlagState.UNKNOWN;
      }
      warnedUnknown.remove(flag);
      return unleash.isEnabled(flag, context, false) ? FlagState.ON : FlagState.OFF;
    } catch (RuntimeException e) {
      log.warn(
          "Flag '{}' could not be evaluated by {}: {}",
          flag,
          state.status().source(),
          e.toString());
      return FlagState.UNKNOWN;
    }
  }

  @Override
  public Map<String, FlagDefinition> definitions() {
    return state.definitions();
  }

  @Override
  public void onChange(Consumer<Map<String, FlagDefinition>> listener) {
    state.onChange(listener);
  }

  @Override
  public FlagSourceStatus status() {
    return state.status();
  }

  @Override
  public Optional<FlagWriter> writer() {
    return Optional.ofNullable(writer);
  }

  @Override
  public void close() {
    unleash.shutdown();
    releaseResources.run();
  }

  @Override
  public String toString() {
    return "RolloutFlags[" + state.status().source() + "]";
  }
}
