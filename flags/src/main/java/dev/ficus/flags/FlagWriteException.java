package dev.ficus.flags;

/** A flag source that could not be written: nothing was changed there. */
public final class FlagWriteException extends Exception {

  public FlagWriteException(String message, Throwable cause) {
    super(message, cause);
  }

  public FlagWriteException(String message) {
    super(message);
  }
}
