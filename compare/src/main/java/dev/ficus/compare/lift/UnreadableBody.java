package dev.ficus.compare.lift;

/**
 * A body that does not read as the format its content type claims (compared as text then), or that
 * nests deeper than the comparison goes ({@link #tooDeep()}: the exchange is skipped as {@code
 * too_deep}).
 */
public final class UnreadableBody extends Exception {

  private final boolean tooDeep;

  public UnreadableBody(String message, boolean tooDeep, Throwable cause) {
    super(message, cause, false, false);
    this.tooDeep = tooDeep;
  }

  public static UnreadableBody malformed(String message, Throwable cause) {
    return new UnreadableBody(message, false, cause);
  }

  public static UnreadableBody tooDeep(String message) {
    return new UnreadableBody(message, true, null);
  }

  public boolean tooDeep() {
    return tooDeep;
  }
}
