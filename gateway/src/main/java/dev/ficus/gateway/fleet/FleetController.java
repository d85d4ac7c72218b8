package dev.ficus.gateway.fleet;

import dev.ficus.flags.Stage;
import dev.ficus.gateway.admin.AdminTokenFilter;
import dev.ficus.gateway.admin.RouteViews;
import dev.ficus.gateway.route.RolloutDecision;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's cutover control: a route's stage and share, its rollback and its recovery, each
 * written through the flag source so that every replica follows. Answers with the route's report,
 * or a problem naming the field that was wrong. Guarded by {@link AdminTokenFilter}.
 */
@RestController
final class FleetController {

  private static final String ROUTE = AdminTokenFilter.PREFIX + "/{id}";

  private final FleetControl fleet;
  private final RouteViews views;

  FleetController(FleetControl fleet, RouteViews views) {
    this.fleet = fleet;
    this.views = views;
  }

  /** {@code {"stage": "canary", "share": 25, "reason": "..."}}: either of stage and share. */
  @PutMapping(path = ROUTE + "/stage", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> stage(@PathVariable String id, ServerWebExchange exchange) {
    return act(
        id,
        exchange,
        false,
        Set.of("stage", "share", "reason"),
        (control, request) -> {
          Stage stage = null;
          if (request.has("stage")) {
            stage =
                Stage.parse(request.get("stage").asString(""))
                    .orElseThrow(
                        () ->
                            StageChangeException.badInput(
                                "stage",
                                "stage '"
                                    + request.get("stage").asString()
                                    + "' is not a stage; use one of "
                                    + Stage.choices()));
          }
          Integer share = null;
          if (request.has("share")) {
            JsonNode value = request.get("share");
            if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > 100) {
              throw StageChangeException.badInput(
                  "share", "share '" + value + "' must be a whole number from 0 to 100");
            }
            share = value.asInt();
          }
          Stage given = stage;
          Integer shareGiven = share;
          return () ->
              fleet.change(
                  control,
                  given,
                  shareGiven,
                  RequestBodies.reason(request),
                  AdminTokenFilter.by(exchange));
        });
  }

  /** The kill switch, fleet-wide; {@code {"reason": "..."}} is optional. */
  @PostMapping(path = ROUTE + "/rollback", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> rollBack(@PathVariable String id, ServerWebExchange exchange) {
    return act(
        id,
        exchange,
        true,
        Set.of("reason"),
        (control, request) -> {
          String reason = RequestBodies.reason(request);
          String by = AdminTokenFilter.by(exchange);
          return () ->
              fleet.rollBack(
                  control,
                  RolloutDecision.Reason.ROLLBACK,
                  reason == null ? "rolled back by " + by : reason,
                  by);
        });
  }

  /** Ends a rollback: the stage and share in force before come back, fleet-wide. */
  @DeleteMapping(path = ROUTE + "/rollback", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> recover(@PathVariable String id, ServerWebExchange exchange) {
    return act(
        id,
        exchange,
        true,
        Set.of("reason"),
        (control, request) -> {
          String reason = RequestBodies.reason(request);
          String by = AdminTokenFilter.by(exchange);
          return () -> fleet.recover(control, reason, by);
        });
  }

  /** Parses and checks a request, then makes the change off the event loop (it may block). */
  private interface Action {
    Callable<Object> prepare(RouteControl control, JsonNode request) throws StageChangeException;
  }

  private Mono<ResponseEntity<Object>> act(
      String id,
      ServerWebExchange exchange,
      boolean formAllowed,
      Set<String> fields,
      Action action) {
    return RequestBodies.text(exchange, formAllowed)
        .flatMap(body -> act(id, body, fields, action))
        .onErrorResume(StageChangeException.class, e -> Mono.just(problem(e)));
  }

  private Mono<ResponseEntity<Object>> act(
      String id, String body, Set<String> fields, Action action) {
    RouteControl control = fleet.route(id).orElse(null);
    if (control == null) {
      return Mono.just(RouteViews.unknownRoute(id));
    }
    Callable<Object> change;
    try {
      change = action.prepare(control, RequestBodies.read(body, fields));
    } catch (StageChangeException e) {
      return Mono.just(problem(e));
    }
    return Mono.fromCallable(
            () -> {
              try {
                change.call();
                return ResponseEntity.<Object>ok(answer(id));
              } catch (StageChangeException e) {
                return problem(e);
              }
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * The route as it stands after a change, and where the change is in force: here at once, on the
   * other replicas when they next read the flag source (or once a write still retried lands).
   */
  private Map<String, Object> answer(String id) {
    Map<String, Object> body =
        JSON.convertValue(
            views.view(id).orElseThrow(),
            new tools.jackson.core.type.TypeReference<
                java.util.LinkedHashMap<String, Object>>() {});
    var source = fleet.sourceStatus();
    body.put(
        "applied",
        fleet.pendingWrite(id).isPresent()
            ? "in force on this replica at once; not yet written to "
                + source.source()
                + " (retrying): the other replicas follow once the write lands"
            : "in force on this replica at once; the other replicas follow within "
                + source.refreshInterval().toSeconds()
                + " s, when they next read "
                + source.source());
    return body;
  }

  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  private static ResponseEntity<Object> problem(StageChangeException e) {
    HttpStatus status = HttpStatus.valueOf(e.status());
    String title =
        switch (e.status()) {
          case 400 -> "Bad stage change";
          case 409 -> "Conflict";
          case 413 -> "Body too large";
          case 415 -> "Unsupported body";
          default -> "Flag source unavailable";
        };
    return RouteViews.problem(
        status,
        e.type(),
        title,
        e.getMessage(),
        e.field() == null ? Map.of() : Map.of("field", e.field()));
  }
}
