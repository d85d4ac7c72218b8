package dev.ficus.gateway.config;

import dev.ficus.compare.config.ConfigKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Finds keys under {@code ficus} that no setting reads (a typo such as {@code ficus.routs} would
 * otherwise leave a gateway without routes), each with where it was written and the nearest known
 * key. Environment variables are not checked: the environment holds unrelated {@code FICUS_*}
 * variables, such as the launcher's {@code FICUS_JAVA_OPTS}.
 */
final class UnknownKeys {

  private static final ConfigurationPropertyName FICUS = ConfigurationPropertyName.of("ficus");

  private UnknownKeys() {}

  /** One problem per unknown key (a misspelled list or section is reported once). */
  static List<String> in(ConfigurableEnvironment environment) {
    ConfigKeys keys = ConfigKeys.ficus();
    Map<String, String> problems = new LinkedHashMap<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)
          || source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
        continue;
      }
      iterable.filter(FICUS::isAncestorOf).stream()
          .forEach(
              name ->
                  keys.check(name.toString(), place(source.getConfigurationProperty(name)))
                      .ifPresent(
                          unknown -> problems.putIfAbsent(unknown.key(), unknown.message())));
    }
    return new ArrayList<>(problems.values());
  }

  /** A file and line for a key from a file, else Spring's description of the origin. */
  private static String place(ConfigurationProperty property) {
    Origin origin = property == null ? null : property.getOrigin();
    if (origin == null) {
      return null;
    }
    if (origin instanceof PropertySourceOrigin source && source.getOrigin() != null) {
      origin = source.getOrigin();
    }
    if (origin instanceof TextResourceOrigin text && text.getResource() != null) {
      String file = text.getResource().getFilename();
      return text.getLocation() == null
          ? file
          : file + " line " + (text.getLocation().getLine() + 1);
    }
    if (origin instanceof PropertySourceOrigin source) {
      return switch (source.getPropertySource().getName()) {
        case "commandLineArgs" -> "command line";
        case "systemProperties" -> "system property";
        default -> source.getPropertySource().getName();
      };
    }
    return origin.toString();
  }
}
