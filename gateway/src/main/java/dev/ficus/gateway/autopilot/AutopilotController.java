package dev.ficus.gateway.autopilot;

import dev.ficus.gateway.admin.AdminTokenFilter;
import dev.ficus.gateway.admin.RouteViews;
import dev.ficus.gateway.fleet.RequestBodies;
import dev.ficus.gateway.fleet.StageChangeException;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /ficus/routes/{id}/autopilot/pause} and {@code /resume}, with an optional {@code
 * {"reason": "..."}}: fleet-wide, as the evidence store holds the autopilot's state. Answers with
 * the route's report. Guarded by {@link AdminTokenFilter}.
 */
@RestController
final class AutopilotController {

  private static final String ROUTE = AdminTokenFilter.PREFIX + "/{id}/autopilot";

  private final Autopilot autopilot;
  private final RouteViews views;

  AutopilotController(Autopilot autopilot, RouteViews views) {
    this.autopilot = autopilot;
    this.views = views;
  }

  @PostMapping(path = ROUTE + "/pause", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> pause(@PathVariable String id, ServerWebExchange exchange) {
    return RequestBodies.text(exchange, true)
        .flatMap(body -> act(id, body, exchange, true))
        .onErrorResume(StageChangeException.class, e -> Mono.just(problem(e)));
  }

  @PostMapping(path = ROUTE + "/resume", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> resume(@PathVariable String id, ServerWebExchange exchange) {
    return RequestBodies.text(exchange, true)
        .flatMap(body -> act(id, body, exchange, false))
        .onErrorResume(StageChangeException.class, e -> Mono.just(problem(e)));
  }

  private Mono<ResponseEntity<Object>> act(
      String id, String body, ServerWebExchange exchange, boolean pause) {
    if (views.view(id).isEmpty()) {
      return Mono.just(RouteViews.unknownRoute(id));
    }
    String reason;
    try {
      reason = reason(body);
    } catch (StageChangeException e) {
      return Mono.just(problem(e));
    }
    String by = AdminTokenFilter.by(exchange);
    return Mono.fromCallable(
            () -> {
              try {
                if (pause) {
                  autopilot.pause(id, reason, by);
                } else {
                  autopilot.resume(id, reason, by);
                }
                return ResponseEntity.<Object>ok(views.view(id).orElseThrow());
              } catch (StageChangeException e) {
                return problem(e);
              }
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static String reason(String body) throws StageChangeException {
    return RequestBodies.reason(RequestBodies.read(body, Set.of("reason")));
  }

  private static ResponseEntity<Object> problem(StageChangeException e) {
    HttpStatus status = HttpStatus.valueOf(e.status());
    return RouteViews.problem(
        status,
        e.type(),
        status == HttpStatus.BAD_REQUEST ? "Bad autopilot request" : status.getReasonPhrase(),
        e.getMessage(),
        e.field() == null ? Map.of() : Map.of("field", e.field()));
  }
}
