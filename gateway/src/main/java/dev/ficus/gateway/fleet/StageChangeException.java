package dev.ficus.gateway.fleet;

/**
 * A stage change, rollback or recovery that was refused or could not be made; nothing was changed.
 * Becomes a problem+json answer with this status, type and detail.
 */
public final class StageChangeException extends Exception {

  private final int status;
  private final String type;
  private final String field;

  StageChangeException(int status, String type, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.field = field;
  }

  public static StageChangeException badInput(String field, String message) {
    return new StageChangeException(400, "urn:ficus:problem:bad-stage-change", field, message);
  }

  public static StageChangeException conflict(String type, String message) {
    return new StageChangeException(409, type, null, message);
  }

  /** The evidence store, which holds the autopilot's shared state, cannot be written. */
  public static StageChangeException unavailable(String message) {
    return new StageChangeException(
        503, "urn:ficus:problem:evidence-store-unavailable", null, message);
  }

  static StageChangeException unwritable(String message) {
    return new StageChangeException(503, "urn:ficus:problem:flag-source-unwritable", null, message);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  /** The request field that was wrong, or null. */
  public String field() {
    return field;
  }
}
