package dev.ficus.flags;

/**
 * A change of one flag's stage, share or rollback, written through the flag source so that every
 * replica follows it.
 *
 * @param stage the new stage
 * @param share the new canary share, 0 to 100; null keeps the current one
 * @param rollback the rollback to hold, or null for none (ending one in force)
 */
public record FlagUpdate(Stage stage, Integer share, FlagRollback rollback) {

  public FlagUpdate {
    if (stage == null) {
      throw new IllegalArgumentException("stage must be given");
    }
    if (share != null && (share < 0 || share > 100)) {
      throw new IllegalArgumentException("share must be from 0 to 100, was " + share);
    }
  }
}
