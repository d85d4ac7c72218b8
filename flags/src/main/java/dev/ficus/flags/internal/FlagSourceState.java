package dev.ficus.flags.internal;

import dev.ficus.flags.FlagDefinition;
import dev.ficus.flags.FlagSourceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flags in force and how their source is doing: updated by the fetcher on the client's polling
 * thread, read lock-free by everyone else. Says what changed on each reload, and logs a problem
 * once when it begins and once when it ends, never on every poll.
 */
public final class FlagSourceState {

  private static final Logger log = LoggerFactory.getLogger(FlagSourceState.class);

  private final String source;
  private final Duration refreshInterval;
  private final Clock clock;
  private final List<Consumer<Map<String, FlagDefinition>>> listeners =
      new CopyOnWriteArrayList<>();
  private volatile Map<String, FlagDefinition> definitions = Map.of();
  private volatile String state = FlagSourceStatus.OK;
  private volatile String problem;
  private volatile Instant lastSuccess;
  private volatile Instant problemSince;

  private volatile String lastContent;

  public FlagSourceState(String source, Duration refreshInterval, Clock clock) {
    this.source = source;
    this.refreshInterval = refreshInterval;
    this.clock = clock;
  }

  /** No flag source at all: nothing to read, nothing in force. */
  public static FlagSourceState none(String source) {
    FlagSourceState none = new FlagSourceState(source, Duration.ofDays(3650), Clock.systemUTC());
    none.state = FlagSourceStatus.NONE;
    return none;
  }

  /** The flags in force, by name. */
  public Map<String, FlagDefinition> definitions() {
    return definitions;
  }

  /**
   * Calls {@code listener} with the flags now in force, and again after every change (on the
   * polling thread).
   */
  public void onChange(Consumer<Map<String, FlagDefinition>> listener) {
    listeners.add(listener);
    listener.accept(definitions);
  }

  /** Flags read at start-up from a backup, before the source itself answered. */
  public void restored(Map<String, FlagDefinition> restored) {
    definitions = Map.copyOf(restored);
  }

  /**
   * The last valid content the source gave, as it gave it; null before the first. A write made here
   * is decided from it with the write applied until the source shows the write.
   */
  String lastContent() {
    return lastContent;
  }

  /** A valid new content: in force from now on. */
  void accepted(String content, Map<String, FlagDefinition> fresh) {
    lastContent = content;
    accepted(fresh);
  }

  /** A valid new content: in force from now on. */
  void accepted(Map<String, FlagDefinition> fresh) {
    Map<String, FlagDefinition> before = definitions;
    definitions = Map.copyOf(fresh);
    succeeded();
    List<String> changes = changes(before, fresh);
    if (changes.isEmpty()) {
      log.info("Flags reloaded from {}: no flag's state, share or stage changed", source);
    } else {
      changes.forEach(change -> log.info("Flags reloaded from {}: {}", source, change));
    }
    for (Consumer<Map<String, FlagDefinition>> listener : listeners) {
      try {
        listener.accept(definitions);
      } catch (RuntimeException e) {
        log.warn("A listener of {} failed on the new flags: {}", source, e.toString());
      }
    }
  }

  /**
   * Read successfully, nothing new: the source is reachable, but a content it holds that was
   * rejected stays rejected until it changes.
   */
  void unchanged() {
    if (!FlagSourceStatus.REJECTED.equals(state)) {
      succeeded();
    }
  }

  private void succeeded() {
    lastSuccess = clock.instant();
    if (problem != null) {
      log.warn(
          "Flag source {} is {} again after {} s; its flags are in force",
          source,
          FlagSourceStatus.UNREACHABLE.equals(state) ? "reachable" : "valid",
          Duration.between(problemSince, lastSuccess).toSeconds());
    }
    state = FlagSourceStatus.OK;
    problem = null;
    problemSince = null;
  }

  /**
   * The source could not be read, or what it holds is not valid. The last good flags stay in force;
   * a new problem is logged once.
   */
  void failed(String failure, String description) {
    if (!Objects.equals(description, problem)) {
      log.error(
          "Flag source {} {}: {}; the last good flags stay in force",
          source,
          FlagSourceStatus.REJECTED.equals(failure) ? "rejected" : "cannot be read",
          description);
    }
    if (problem == null) {
      problemSince = clock.instant();
    }
    state = failure;
    problem = description;
  }

  public FlagSourceStatus status() {
    String current = state;
    String what = problem;
    Instant since = problemSince;
    Instant success = lastSuccess;
    if (FlagSourceStatus.NONE.equals(current)) {
      return new FlagSourceStatus(source, current, null, null, null, refreshInterval);
    }
    if (FlagSourceStatus.OK.equals(current)
        && success != null
        && Duration.between(success, clock.instant()).compareTo(refreshInterval.multipliedBy(3))
            > 0) {
      current = FlagSourceStatus.STALE;
      what = "not read successfully since " + success;
      since = success;
    }
    return new FlagSourceStatus(source, current, what, success, since, refreshInterval);
  }

  /** What differs between two sets of flags, a line per flag, in words. */
  static List<String> changes(
      Map<String, FlagDefinition> before, Map<String, FlagDefinition> after) {
    List<String> changes = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    for (String name : names) {
      FlagDefinition old = before.get(name);
      FlagDefinition now = after.get(name);
      if (old == null) {
        changes.add(name + " added: " + describe(now));
      } else if (now == null) {
        changes.add(name + " removed (was " + describe(old) + ")");
      } else if (!describe(old).equals(describe(now))) {
        changes.add(name + ": " + describe(old) + " -> " + describe(now));
      }
    }
    return changes;
  }

  private static String describe(FlagDefinition flag) {
    return (flag.enabled() ? "on" : "off")
        + ", rollout "
        + (flag.share() == null ? "none" : flag.share() + "%")
        + ", stage "
        + (flag.stage() == null ? "none" : flag.stage().configName())
        + (flag.rollback() == null
            ? ""
            : ", rolled back (" + flag.rollback().reason() + ": " + flag.rollback().detail() + ")");
  }

  @Override
  public String toString() {
    return "FlagSourceState[" + source + " " + state + "]";
  }
}
