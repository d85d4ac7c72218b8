package dev.ficus.gateway.config;

import dev.ficus.compare.config.ConfigKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The keys Spring Boot and Spring Cloud read under {@code server}, {@code management} and {@code
 * spring}, from the configuration metadata their jars ship ({@code
 * META-INF/spring-configuration-metadata.json}, and {@code
 * additional-spring-configuration-metadata.json}, where the gateway also lists the keys it reads
 * itself that have no metadata). A map, a list or a type the metadata does not describe accepts any
 * key below it.
 */
final class SpringMetadataKeys {

  /** The first parts of the keys that are checked. */
  static final Set<String> ROOTS = Set.of("server", "management", "spring");

  private static final List<String> FILES =
      List.of(
          "META-INF/spring-configuration-metadata.json",
          "META-INF/additional-spring-configuration-metadata.json");

  private static final String REFERENCE =
      "see the Common Application Properties of the Spring Boot reference for the keys it reads";

  private static volatile ConfigKeys known;

  private SpringMetadataKeys() {}

  /** Read once: the metadata of a running application does not change. */
  static ConfigKeys known() {
    ConfigKeys keys = known;
    if (keys == null) {
      keys = read(SpringMetadataKeys.class.getClassLoader());
      known = keys;
    }
    return keys;
  }

  static ConfigKeys read(ClassLoader loader) {
    JsonMapper mapper = JsonMapper.builder().build();
    List<String> closed = new ArrayList<>();
    List<String> open = new ArrayList<>();
    try {
      for (String file : FILES) {
        Enumeration<URL> urls = loader.getResources(file);
        while (urls.hasMoreElements()) {
          try (InputStream in = urls.nextElement().openStream()) {
            JsonNode metadata = mapper.readTree(in);
            for (JsonNode property : metadata.path("properties")) {
              String name = property.path("name").asString("");
              if (ROOTS.contains(name.split("\\.", 2)[0])) {
                (opensBelow(property.path("type").asString(null)) ? open : closed).add(name);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Spring Boot's configuration metadata", e);
    }
    return ConfigKeys.of(closed, open, REFERENCE);
  }

  /** A map or a list (of objects), or a type the metadata does not give, holds keys of its own. */
  private static boolean opensBelow(String type) {
    return type == null
        || type.contains("<")
        || type.endsWith("[]")
        || type.startsWith("java.util.")
            && !type.equals("java.util.Locale")
            && !type.equals("java.util.TimeZone")
            && !type.equals("java.util.UUID");
  }
}
