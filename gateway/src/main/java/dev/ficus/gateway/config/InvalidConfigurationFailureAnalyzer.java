package dev.ficus.gateway.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a rejected configuration into Spring Boot's start-up failure report, without a stack trace.
 */
final class InvalidConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Correct the properties named above in the file given to --config "
            + "(every key is described in docs/configuration.md).",
        cause);
  }
}
