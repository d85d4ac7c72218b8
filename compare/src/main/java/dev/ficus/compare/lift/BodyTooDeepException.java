package dev.ficus.compare.lift;

/**
 * A structured body (XML, HTML) nests deeper than the comparison goes: the exchange is not compared
 * value by value but skipped as {@code too_deep}, as a JSON body that deep is.
 */
public final class BodyTooDeepException extends RuntimeException {

  public BodyTooDeepException(String message) {
    super(message, null, false, false);
  }
}
