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
              assertThat(unknown.suggestion()).isEqualTo("routes");
              assertThat(unknown.message())
                  .isEqualTo(
                      "ficus.routs (ficus.yml line 3): unknown key 'routs'; did you mean 'routes'?");
            });
    assertThat(keys.check("ficus.routes[0].shadow.enable", null).orElseThrow().suggestion())
        .isEqualTo("enabled");
    assertThat(keys.check("ficus.routes[1].compare.ignor[0]", null).orElseThrow().key())
        .isEqualTo("ficus.routes[1].compare.ignor");
    assertThat(keys.check("ficus.routes[1].compare.ignor[0]", null).orElseThrow().suggestion())
        .isEqualTo("ignore");
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
}
