package dev.ficus.compare.capture;

/** A capture line that is not a record of the capture schema; the message says what is wrong. */
public final class CaptureFormatException extends Exception {

  public CaptureFormatException(String message) {
    super(message);
  }
}
