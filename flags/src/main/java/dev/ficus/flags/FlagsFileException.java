package dev.ficus.flags;

import java.nio.file.Path;

/**
 * A flags file that cannot be used: missing, unreadable, or not in the Unleash client-API format.
 */
public final class FlagsFileException extends RuntimeException {

  private final transient Path file;

  public FlagsFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file that was rejected. */
  public Path file() {
    return file;
  }
}
