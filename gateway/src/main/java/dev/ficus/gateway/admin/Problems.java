package dev.ficus.gateway.admin;

import dev.ficus.gateway.support.ProblemResponses;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** RFC 9457 problem responses of the admin API. */
final class Problems {

  private Problems() {}

  static Mono<Void> write(
      ServerWebExchange exchange, HttpStatus status, String type, String title, String detail) {
    return ProblemResponses.write(exchange, status, type, title, detail, Map.of());
  }
}
