package dev.ficus.fleet.monolith;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The monolith stand-in's mappings in {@code monolith/mappings} are exactly what the shared fixture
 * generates. Run with {@code -Dfleet.regenerate=true} to rewrite them after changing the fixture.
 */
class MonolithMappingsTest {

  static final Path DIR = Path.of("monolith/mappings");

  @Test
  void theCheckedInMappingsAreGeneratedFromTheFixture() throws IOException {
    Map<String, String> files = MonolithMappings.files();
    if (Boolean.getBoolean("fleet.regenerate")) {
      Files.createDirectories(DIR);
      for (Map.Entry<String, String> file : files.entrySet()) {
        Files.writeString(DIR.resolve(file.getKey()), file.getValue());
      }
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      assertThat(DIR.resolve(file.getKey()))
          .as("regenerate with ./mvnw -pl legacy-adapter test -Dfleet.regenerate=true")
          .exists()
          .hasContent(file.getValue());
    }
  }
}
