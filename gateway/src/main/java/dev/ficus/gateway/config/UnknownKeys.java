package dev.ficus.gateway.config;

import dev.ficus.compare.config.ConfigKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
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
 * otherwise leave a gateway without routes), and keys under {@code server}, {@code management} and
 * {@code spring} in a configuration file that Spring Boot does not read ({@code server.prot} would
 * leave the gateway on its default port), each with where it was written and the nearest known key.
 * Environment variables are not checked: the environment holds unrelated {@code FICUS_*} variables,
 * such as the launcher's {@code FICUS_JAVA_OPTS}. Spring's keys are checked in files only: the
 * command line and system properties also carry settings for other tools.
 */
final class UnknownKeys {

  private static final ConfigurationPropertyName FICUS = ConfigurationPropertyName.of("ficus");

  private UnknownKeys() {}

  /** One problem per unknown key (a misspelled list or section is reported once). */
  static List<String> in(ConfigurableEnvironment environment) {
    ConfigKeys ficus = ConfigKeys.ficus();
    ConfigKeys spring = null;
    Map<String, String> problems = new LinkedHashMap<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)
          || source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
        continue;
      }
      for (ConfigurationPropertyName name :
          (Iterable<ConfigurationPropertyName>) iterable::iterator) {
        ConfigurationProperty property = source.getConfigurationProperty(name);
        Origin origin = origin(property);
        Optional<ConfigKeys.Unknown> unknown;
        if (FICUS.isAncestorOf(name)) {
          unknown = ficus.check(name.toString(), null);
        } else if (origin instanceof TextResourceOrigin
            && SpringMetadataKeys.ROOTS.contains(name.getElement(0, Form.UNIFORM))) {
          spring = spring == null ? SpringMetadataKeys.known() : spring;
          unknown = spring.check(name.toString(), null);
        } else {
          continue;
        }
        unknown.ifPresent(
            u -> problems.putIfAbsent(u.key(), u.at(place(origin, u.unknown())).message()));
      }
    }
    return new ArrayList<>(problems.values());
  }

  private static Origin origin(ConfigurationProperty property) {
    Origin origin = property == null ? null : property.getOrigin();
    if (origin instanceof PropertySourceOrigin source && source.getOrigin() != null) {
      origin = source.getOrigin();
    }
    return origin;
  }

  /**
   * A file and line for a key from a file, else Spring's description of the origin.
   *
   * @param unknown the part of the key that is not known: in YAML, the line of a misspelled section
   *     is its own, not that of the first value below it, which the origin gives
   */
  private static String place(Origin origin, String unknown) {
    if (origin == null) {
      return null;
    }
    if (origin instanceof TextResourceOrigin text && text.getResource() != null) {
      String file = text.getResource().getFilename();
      // TextResourceOrigin counts lines from 0.
      return text.getLocation() == null
          ? file
          : file
              + " line "
              + (KeyLines.lineOf(text.getResource(), text.getLocation().getLine(), unknown) + 1);
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
