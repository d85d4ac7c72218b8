package dev.ficus.fleet.adapter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The anti-corruption layer in front of the legacy monolith: it serves the platform's public API by
 * calling the monolith's old API and translating both ways. It holds no business logic: the
 * monolith decides, the adapter only translates names, types, times and errors.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LegacyAdapterApplication {

  public static void main(String[] args) {
    SpringApplication.run(LegacyAdapterApplication.class, args);
  }
}
