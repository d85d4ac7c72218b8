package dev.ficus.gateway.admin;

import dev.ficus.gateway.support.FicusPaths;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * A path under {@code /ficus/} that Ficus does not serve (a typo, a wrong method), and any request
 * there that Spring refuses before a controller runs, is a problem answer of Ficus's own, never
 * proxied to a service: {@code /ficus/**} is Ficus's namespace, and the request may carry an admin
 * token. Other errors pass on to Spring's own handler.
 */
public final class OwnPathProblems implements WebExceptionHandler {

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (!(error instanceof ResponseStatusException refused)
        || !FicusPaths.reserved(exchange.getRequest().getPath().value())
        || exchange.getResponse().isCommitted()) {
      return Mono.error(error);
    }
    HttpStatus status = HttpStatus.resolve(refused.getStatusCode().value());
    if (status == HttpStatus.NOT_FOUND) {
      return Problems.write(
          exchange,
          status,
          "urn:ficus:problem:not-found",
          "Not a Ficus endpoint",
          "Ficus serves nothing at "
              + exchange.getRequest().getPath().value()
              + "; paths under /ficus/ are never proxied (the admin API is described in"
              + " docs/operations.md)");
    }
    if (status == HttpStatus.METHOD_NOT_ALLOWED) {
      return Problems.write(
          exchange,
          status,
          "urn:ficus:problem:method-not-allowed",
          "Method not allowed",
          exchange.getRequest().getMethod().name()
              + " is not served at "
              + exchange.getRequest().getPath().value());
    }
    if (status != null && status.is4xxClientError()) {
      // Whatever Spring refuses before a controller runs (a body it cannot read, a parameter of
      // the wrong kind) is answered as every other admin error is.
      return Problems.write(
          exchange,
          status,
          "urn:ficus:problem:" + status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
          status.getReasonPhrase(),
          refused.getReason() == null
              ? status.getReasonPhrase() + " at " + exchange.getRequest().getPath().value()
              : refused.getReason());
    }
    return Mono.error(error);
  }

  @Override
  public String toString() {
    return "OwnPathProblems";
  }
}
