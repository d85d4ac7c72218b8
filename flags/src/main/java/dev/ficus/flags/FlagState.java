package dev.ficus.flags;

/** What a flag says for one user: on, off, or nothing because no flag of that name is known. */
public enum FlagState {
  ON,
  OFF,
  UNKNOWN
}
