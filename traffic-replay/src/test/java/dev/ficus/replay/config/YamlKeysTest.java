package dev.ficus.replay.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YamlKeysTest {

  @Test
  void flattensAConfigFileIntoTheKeysSpringBootBindsWithTheirLines() {
    String yaml =
        """
        server.port: 8080
        ficus:
          admin: {token: x}
          routes:
            - id: trips
              paths: [/trips/**, /tracking/**]
              compare:
                tolerance:
                  - {path: /fare, absolute: 0.5}
                ignore: []
        """;
    assertThat(YamlKeys.flatten(yaml))
        .containsEntry("server.port", 1)
        .containsEntry("ficus.admin.token", 3)
        .containsEntry("ficus.routes[0].id", 5)
        .containsEntry("ficus.routes[0].paths[0]", 6)
        .containsEntry("ficus.routes[0].paths[1]", 6)
        .containsEntry("ficus.routes[0].compare.tolerance[0].path", 9)
        .containsEntry("ficus.routes[0].compare.tolerance[0].absolute", 9)
        .containsEntry("ficus.routes[0].compare.ignore", 10)
        .hasSize(8);
    assertThat(YamlKeys.unknown(yaml, "ficus.yml")).isEmpty();
  }

  @Test
  void namesMisspelledKeysWithTheirLines() {
    String yaml =
        """
        ficus:
          routs:
            - id: trips
          verdict:
            max-mismatch: 0.1
        """;
    assertThat(YamlKeys.unknown(yaml, "ficus.yml"))
        .containsExactly(
            "ficus.routs (ficus.yml line 2): unknown key 'routs'; did you mean 'ficus.routes'?",
            "ficus.verdict.max-mismatch (ficus.yml line 5): unknown key 'max-mismatch'; did you mean"
                + " 'ficus.verdict.max-mismatch-rate'?");
  }
}
