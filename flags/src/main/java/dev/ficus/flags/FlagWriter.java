package dev.ficus.flags;

/**
 * Writes a route's stage, share and rollback into its flag, where every replica reads it: a flags
 * file (rewritten atomically, other flags untouched) or an Unleash server (through its admin API).
 */
public interface FlagWriter {

  /**
   * Writes the update; blocks until the source has it.
   *
   * @throws FlagWriteException when the source cannot be written; nothing was changed then
   */
  void write(String flag, FlagUpdate update) throws FlagWriteException;

  /** Where it writes, e.g. {@code file flags.json}. */
  String target();
}
