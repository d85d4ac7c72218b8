package dev.ficus.gateway.config;

import java.util.List;

/**
 * Configuration Ficus cannot start with; each problem names the property, the bad value and a fix.
 */
public final class InvalidConfigurationException extends RuntimeException {

  private final List<String> problems;

  public InvalidConfigurationException(List<String> problems) {
    super(
        "Invalid Ficus configuration:"
            + System.lineSeparator()
            + "  - "
            + String.join(System.lineSeparator() + "  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidConfigurationException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
