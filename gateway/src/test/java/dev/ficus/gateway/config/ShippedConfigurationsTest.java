package dev.ficus.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every configuration file Ficus ships (its own defaults, the examples, the Kubernetes ConfigMap)
 * passes the key checks, so none of them is refused at start-up.
 */
class ShippedConfigurationsTest {

  private static final Path ROOT = Path.of("..");

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "classpath:application.yml",
        "examples/quickstart/ficus.yml",
        "examples/demo/ficus.yml",
        "deploy/kubernetes/configmap.yaml"
      })
  void everyKeyIsKnown(String file) throws IOException {
    StandardEnvironment environment = new StandardEnvironment();
    for (PropertySource<?> source : new YamlPropertySourceLoader().load(file, resource(file))) {
      environment.getPropertySources().addFirst(source);
    }
    assertThat(environment.getPropertySources().size()).isGreaterThan(2);
    assertThat(UnknownKeys.in(environment)).as(file).isEmpty();
  }

  private static Resource resource(String file) throws IOException {
    if (file.startsWith("classpath:")) {
      return new ClassPathResource(file.substring("classpath:".length()));
    }
    if (file.endsWith("configmap.yaml")) {
      Map<String, Object> configMap = new Yaml().load(Files.readString(ROOT.resolve(file)));
      @SuppressWarnings("unchecked")
      Map<String, String> data = (Map<String, String>) configMap.get("data");
      return new ByteArrayResource(data.get("ficus.yml").getBytes(), "ficus.yml") {
        @Override
        public String getFilename() {
          return "ficus.yml";
        }
      };
    }
    return new FileSystemResource(ROOT.resolve(file));
  }
}
