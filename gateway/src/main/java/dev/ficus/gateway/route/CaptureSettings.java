package dev.ficus.gateway.route;

/**
 * A route's validated capture settings.
 *
 * @param enabled whether the route's exchanges are recorded
 * @param sampleRate share of users (sticky per user) whose exchanges are recorded
 * @param maxBodyBytes bodies are recorded up to this size, marked truncated beyond it
 */
public record CaptureSettings(boolean enabled, double sampleRate, long maxBodyBytes) {

  public static CaptureSettings off() {
    return new CaptureSettings(false, 0, 0);
  }
}
