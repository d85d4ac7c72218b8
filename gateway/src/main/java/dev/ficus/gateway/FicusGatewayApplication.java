package dev.ficus.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Ficus: routes each user to the legacy monolith or the new service by feature flag. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FicusGatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(FicusGatewayApplication.class, args);
  }
}
