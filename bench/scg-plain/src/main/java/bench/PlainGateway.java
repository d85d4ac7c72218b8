package bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A plain Spring Cloud Gateway application: its one route comes from application.yml. */
@SpringBootApplication
public class PlainGateway {

  public static void main(String[] args) {
    SpringApplication.run(PlainGateway.class, args);
  }
}
