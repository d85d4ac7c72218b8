package dev.ficus.replay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.dataformat.yaml.YAMLMapper;

class ReplayConfigTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "examples/quickstart/ficus.yml",
        "examples/demo/ficus.yml",
        "deploy/kubernetes/configmap.yaml"
      })
  void readsEveryConfigurationFicusShips(String file) throws Exception {
    Path config = Path.of("..").resolve(file);
    if (file.endsWith("configmap.yaml")) {
      String ficusYml =
          new YAMLMapper()
              .readTree(Files.readString(config))
              .path("data")
              .path("ficus.yml")
              .asString();
      config = Files.writeString(dir.resolve("ficus.yml"), ficusYml);
    }
    assertThat(ReplayConfig.read(config).routes()).isNotEmpty();
  }

  @Test
  void comparesXmlCommentsAndProcessingInstructionsWhereTheRouteAsks() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("xml.yml"),
            """
            ficus:
              routes:
                - id: quotes
                  paths: [/quotes/**]
                  compare:
                    xml-comments: true
                - id: trips
                  paths: [/trips/**]
                  compare:
                    xml-processing-instructions: true
            """);
    ReplayConfig read = ReplayConfig.read(config);
    var quotes = read.rules(read.route("quotes", "GET", "/quotes/1").orElseThrow(), false);
    var trips = read.rules(read.route("trips", "GET", "/trips/1").orElseThrow(), false);
    assertThat(quotes.xmlComments()).isTrue();
    assertThat(quotes.xmlProcessingInstructions()).isFalse();
    assertThat(trips.xmlComments()).isFalse();
    assertThat(trips.xmlProcessingInstructions()).isTrue();
  }

  @Test
  void refusesARouteTheGatewayRefusesWithTheGatewaysMessages() throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("routes.yml"),
            """
            ficus:
              routes:
                - id: trips
                  paths: [/trips/**]
                  mode: canary
                  new-uri: http://127.0.0.1:8082/v1
                - id: trips
                  paths: [/ficus/console]
                  mode: shadow
                  methods: [FETCH]
                  shadow:
                    sample-rate: 2
            """);
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ReplayConfig.read(config));
    assertThat(e.getMessage())
        .contains(
            "ficus.routes[0].new-uri: 'http://127.0.0.1:8082/v1' has a path or query; give only"
                + " scheme, host and port")
        .contains(
            "ficus.routes[0].flag: is missing; mode canary needs the name of the flag that sends a"
                + " user to new-uri")
        .contains("ficus.routes[1].id: 'trips' is used by another route; route ids must be unique")
        .contains("ficus.routes[1].paths[0]: '/ficus/console' is under /ficus")
        .contains("ficus.routes[1].methods[0]: 'FETCH' is not an HTTP method")
        .contains("ficus.routes[1].new-uri: is missing; give the upstream's base URI")
        .contains("ficus.routes[1].shadow.sample-rate: '2.0' must be between 0 and 1");
  }
}
