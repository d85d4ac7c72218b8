package dev.ficus.gateway.autopilot;

import dev.ficus.gateway.config.RouteProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A route's autopilot plan, checked.
 *
 * @param enabled whether the autopilot steps the route
 * @param steps the canary shares, strictly increasing, 1 to 100
 * @param hold the least time at each step
 * @param minComparisons the least comparisons at each step
 * @param promote after the last share, go on to stage {@code new}
 * @param onFailure where a failed step goes
 * @param dryRun only say what it would do
 * @param webhook where each step is POSTed, or null
 */
public record AutopilotSettings(
    boolean enabled,
    List<Integer> steps,
    Duration hold,
    long minComparisons,
    boolean promote,
    OnFailure onFailure,
    boolean dryRun,
    URI webhook) {

  /** Where a failed step goes. */
  public enum OnFailure {
    /** Every user back on legacy; the comparison goes on (stage {@code shadow}). */
    LEGACY,
    /** The step before (from the first canary share, {@code shadow}). */
    PREVIOUS;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public AutopilotSettings {
    steps = List.copyOf(steps);
  }

  public static AutopilotSettings off() {
    return new AutopilotSettings(
        false, List.of(100), Duration.ofMinutes(10), 200, false, OnFailure.LEGACY, false, null);
  }

  /**
   * Checks a route's {@code autopilot} block; each problem is added to {@code problems} naming the
   * key, and {@link #off()} is returned for a route whose autopilot is off.
   */
  public static AutopilotSettings of(
      String prefix,
      RouteProperties.Autopilot autopilot,
      String flag,
      URI newUri,
      List<String> problems) {
    if (autopilot == null || !autopilot.enabled()) {
      return off();
    }
    String key = prefix + ".autopilot";
    if (flag == null) {
      problems.add(
          key
              + ".enabled: the autopilot steps the route through its flag, so every replica moves"
              + " together; give the route one (flag: NAME)");
    }
    if (newUri == null) {
      problems.add(key + ".enabled: the autopilot moves users to new-uri; give the route one");
    }
    List<Integer> steps = autopilot.steps() == null ? List.of() : autopilot.steps();
    if (steps.isEmpty()) {
      problems.add(key + ".steps: give the canary shares in order, e.g. [1, 5, 25, 50, 100]");
    }
    for (int i = 0; i < steps.size(); i++) {
      Integer step = steps.get(i);
      if (step == null || step < 1 || step > 100) {
        problems.add(key + ".steps[" + i + "]: '" + step + "' must be a share from 1 to 100");
      } else if (i > 0 && steps.get(i - 1) != null && step <= steps.get(i - 1)) {
        problems.add(
            key
                + ".steps["
                + i
                + "]: '"
                + step
                + "' must be above the step before it, "
                + steps.get(i - 1));
      }
    }
    if (autopilot.hold() == null || autopilot.hold().compareTo(Duration.ofSeconds(1)) < 0) {
      problems.add(key + ".hold: '" + autopilot.hold() + "' must be at least 1s, e.g. 10m");
    }
    if (autopilot.minComparisons() < 1) {
      problems.add(
          key + ".min-comparisons: '" + autopilot.minComparisons() + "' must be at least 1");
    }
    OnFailure onFailure = null;
    String failure = autopilot.onFailure() == null ? "" : autopilot.onFailure().trim();
    for (OnFailure choice : OnFailure.values()) {
      if (choice.configName().equalsIgnoreCase(failure)) {
        onFailure = choice;
      }
    }
    if (onFailure == null) {
      problems.add(key + ".on-failure: '" + failure + "' must be legacy or previous");
    }
    URI webhook = null;
    if (autopilot.webhook() != null && !autopilot.webhook().isBlank()) {
      try {
        webhook = URI.create(autopilot.webhook().trim());
        if (!("http".equals(webhook.getScheme()) || "https".equals(webhook.getScheme()))
            || webhook.getHost() == null) {
          throw new IllegalArgumentException("not an absolute http(s) URL");
        }
      } catch (IllegalArgumentException e) {
        problems.add(
            key
                + ".webhook: '"
                + autopilot.webhook()
                + "' is not an absolute http(s) URL, e.g. https://chat.example.com/hooks/ficus");
      }
    }
    return new AutopilotSettings(
        true,
        steps.stream().filter(java.util.Objects::nonNull).toList(),
        autopilot.hold() == null ? Duration.ofMinutes(10) : autopilot.hold(),
        autopilot.minComparisons(),
        autopilot.promote(),
        onFailure == null ? OnFailure.LEGACY : onFailure,
        autopilot.dryRun(),
        webhook);
  }
}
