package dev.ficus.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.compare.config.ConfigKeys;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The key list the gateway and the replay check configuration files against is exactly what the
 * gateway's configuration records bind: a new setting cannot be rejected as unknown, and a removed
 * one cannot be accepted silently.
 */
class ConfigKeysMatchPropertiesTest {

  @Test
  void knownKeysAreExactlyTheKeysOfTheConfigurationRecords() {
    List<String> bound = new ArrayList<>();
    walk(FicusProperties.class, "", bound);
    assertThat(ConfigKeys.known()).containsExactlyInAnyOrderElementsOf(bound);
  }

  @Test
  void modesTheReplayAcceptsAreExactlyTheGatewaysStages() {
    assertThat(dev.ficus.compare.config.RouteChecks.MODES)
        .containsExactlyElementsOf(
            java.util.Arrays.stream(dev.ficus.flags.Stage.values())
                .map(dev.ficus.flags.Stage::configName)
                .toList());
  }

  private static void walk(Class<?> type, String prefix, List<String> keys) {
    for (RecordComponent component : type.getRecordComponents()) {
      String key = prefix + kebab(component.getName());
      leafOrNested(component.getGenericType(), key, keys);
    }
  }

  private static void leafOrNested(Type type, String key, List<String> keys) {
    if (type instanceof ParameterizedType generic) {
      Class<?> raw = (Class<?>) generic.getRawType();
      Type[] arguments = generic.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        leafOrNested(arguments[0], key + "[]", keys);
        return;
      }
      if (Map.class.isAssignableFrom(raw)) {
        leafOrNested(arguments[1], key + ".{}", keys);
        return;
      }
    }
    if (type instanceof Class<?> plain && plain.isRecord()) {
      walk(plain, key + ".", keys);
      return;
    }
    keys.add(key);
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
