package dev.ficus.gateway.admin;

import dev.ficus.gateway.observe.EvidenceRegistry;
import dev.ficus.gateway.observe.RouteEvidence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The admin API: every route's evidence and verdict, and each route's recent mismatches. */
@RestController
final class AdminController {

  private final EvidenceRegistry evidence;

  AdminController(EvidenceRegistry evidence) {
    this.evidence = evidence;
  }

  @GetMapping(path = AdminTokenFilter.PREFIX, produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> routes() {
    List<RouteView> routes =
        evidence.routes().stream()
            .map(route -> RouteView.of(route.route(), route.report(evidence.policy())))
            .toList();
    return Map.of("generatedAt", Instant.now(), "routes", routes);
  }

  @GetMapping(path = AdminTokenFilter.PREFIX + "/{id}/mismatches")
  Mono<Object> mismatches(
      @PathVariable String id,
      @RequestParam(defaultValue = "20") String limit,
      ServerWebExchange exchange) {
    RouteEvidence route = evidence.route(id).orElse(null);
    if (route == null) {
      return Problems.write(
              exchange,
              HttpStatus.NOT_FOUND,
              "urn:ficus:problem:unknown-route",
              "Unknown route",
              "No route '" + id + "'; GET /ficus/routes lists them")
          .then(Mono.empty());
    }
    int count;
    try {
      count = Integer.parseInt(limit.trim());
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (count < 1 || count > RouteEvidence.RECENT_MISMATCHES) {
      return Problems.write(
              exchange,
              HttpStatus.BAD_REQUEST,
              "urn:ficus:problem:bad-limit",
              "Bad limit",
              "limit '"
                  + limit
                  + "' must be a whole number from 1 to "
                  + RouteEvidence.RECENT_MISMATCHES)
          .then(Mono.empty());
    }
    return Mono.just(
        Map.of(
            "route",
            id,
            "mismatches",
            route.recentMismatches(count).stream().map(MismatchView::of).toList()));
  }
}
