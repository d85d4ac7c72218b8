package dev.ficus.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ZipkinExportDefaultTest {

  private static String enabledWith(Map<String, Object> given) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("given", given));
    new ZipkinExportDefault().postProcessEnvironment(environment, null);
    return environment.getProperty(ZipkinExportDefault.ENABLED);
  }

  @Test
  void exportFollowsTheEndpointUnlessSwitchedOffExplicitly() {
    assertThat(enabledWith(Map.of())).as("no endpoint: off").isEqualTo("false");
    assertThat(
            enabledWith(Map.of(ZipkinExportDefault.ENDPOINT, "http://127.0.0.1:9411/api/v2/spans")))
        .as("an endpoint alone: Spring Boot's default, on")
        .isNull();
    assertThat(
            enabledWith(
                Map.of(
                    ZipkinExportDefault.ENDPOINT,
                    "http://127.0.0.1:9411/api/v2/spans",
                    ZipkinExportDefault.ENABLED,
                    "false")))
        .isEqualTo("false");
  }
}
