package dev.ficus.fleet.services;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The demo platform's new domain services, one package per bounded context, each owning its data.
 * They run in one process for the demo; {@code fleet.contexts} picks which contexts this process
 * serves, so each can also run alone.
 */
@SpringBootApplication
public class NewServicesApplication {

  public static void main(String[] args) {
    SpringApplication.run(NewServicesApplication.class, args);
  }
}
