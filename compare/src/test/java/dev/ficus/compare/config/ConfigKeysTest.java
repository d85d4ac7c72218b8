package dev.ficus.compare.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigKeysTest {

  private final ConfigKeys keys = ConfigKeys.ficus();

  @Test
  void acceptsEveryKeyFicusReadsInAnySpellingSpringBootBinds() {
    assertThat(keys.check("ficus.routes[0].new-uri", null)).isEmpty();
    assertThat(keys.check("ficus.routes[3].newUri", null)).isEmpty();
    assertThat(keys.check("ficus.routes[0].compare.tolerance[1].absolute", null)).isEmpty();
    assertThat(keys.check("ficus.routes[0].paths[2]", null)).isEmpty();
    assertThat(keys.check("ficus.routes[0].paths", null)).as("comma-separated list").isEmpty();
    assertThat(keys.check("ficus.capture.redact", null)).as("an empty section").isEmpty();
    assertThat(keys.check("server.port", null)).as("not under ficus").isEmpty();
  }

  @Test
  void namesAMisspelledKeyWithItsPlaceAndTheNearestKnownKey() {
    assertThat(keys.check("ficus.routs[0].id", "ficus.yml line 3"))
        .hasValueSatisfying(
            unknown -> {
              assertThat(unknown.key()).isEqualTo("ficus.routs");
              assertThat(unknown.suggestion()).isEqualTo("ficus.routes");
              assertThat(unknown.message())
                  .isEqualTo(
                      "ficus.routs (ficus.yml line 3): unknown key 'routs'; did you mean 'ficus.routes'?");
            });
    assertThat(keys.check("ficus.routes[0].shadow.enable", null).orElseThrow().suggestion())
        .isEqualTo("ficus.routes[0].shadow.enabled");
    assertThat(keys.check("ficus.routes[1].compare.ignor[0]", null).orElseThrow().key())
        .isEqualTo("ficus.routes[1].compare.ignor");
    assertThat(keys.check("ficus.routes[1].compare.ignor[0]", null).orElseThrow().suggestion())
        .isEqualTo("ficus.routes[1].compare.ignore");
  }

  @Test
  void saysSoWhenNoKnownKeyIsNear() {
    ConfigKeys.Unknown unknown = keys.check("ficus.zzzzzzzzz", null).orElseThrow();
    assertThat(unknown.suggestion()).isNull();
    assertThat(unknown.message())
        .contains("unknown key 'zzzzzzzzz'")
        .contains("docs/configuration.md");
    assertThat(keys.check("ficus.legacy.uri.port", null).orElseThrow().unknown()).isEqualTo("port");
  }

  @Test
  void checksOtherKnownKeysOnlyUnderTheirOwnFirstParts() {
    ConfigKeys spring =
        ConfigKeys.of(
            java.util.List.of("server.port", "management.server.port"),
            java.util.List.of("management.metrics.tags"),
            "see Spring Boot's list");
    assertThat(spring.check("server.port", null)).isEmpty();
    assertThat(spring.check("management.metrics.tags.region", null)).as("open below").isEmpty();
    assertThat(spring.check("ficus.anything", null)).as("not checked here").isEmpty();
    assertThat(spring.check("server.prot", "ficus.yml line 2").orElseThrow().message())
        .isEqualTo(
            "server.prot (ficus.yml line 2): unknown key 'prot'; did you mean 'server.port'?");
    assertThat(spring.check("server.zzzzzzzzzz", null).orElseThrow().message())
        .endsWith("; see Spring Boot's list");
  }
}
