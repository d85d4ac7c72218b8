package dev.ficus.replay.config;

/** A configuration file that cannot be used; the message names the file and what is wrong. */
public final class ConfigException extends Exception {

  public ConfigException(String message) {
    super(message);
  }
}
