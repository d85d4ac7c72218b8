package dev.ficus.gateway.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Zipkin export follows its endpoint: off while no {@code
 * management.tracing.export.zipkin.endpoint} is given (Spring Boot would otherwise send spans to
 * localhost:9411), on as soon as one is, unless {@code management.tracing.export.zipkin.enabled}
 * says otherwise. An endpoint alone must not export nothing without a word.
 */
final class ZipkinExportDefault implements EnvironmentPostProcessor {

  static final String ENDPOINT = "management.tracing.export.zipkin.endpoint";
  static final String ENABLED = "management.tracing.export.zipkin.enabled";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    environment.getPropertySources().addLast(new Default(environment));
  }

  /**
   * The lowest-precedence answer, decided when asked: sources added later (a test's dynamic
   * properties) count too. Its source is not the environment itself, which Spring Boot would unfold
   * into its own property sources, this one among them.
   */
  private static final class Default extends PropertySource<Object> {

    private final ConfigurableEnvironment environment;

    Default(ConfigurableEnvironment environment) {
      super("ficusZipkinExportDefault", new Object());
      this.environment = environment;
    }

    @Override
    public Object getProperty(String name) {
      return ENABLED.equals(name) && !environment.containsProperty(ENDPOINT) ? "false" : null;
    }
  }
}
