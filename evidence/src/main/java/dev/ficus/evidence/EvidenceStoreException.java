package dev.ficus.evidence;

/** The evidence store could not be read or written (down, refusing, or not migrated). */
public final class EvidenceStoreException extends Exception {

  public EvidenceStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
