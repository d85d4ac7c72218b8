package dev.ficus.gateway.admin;

import dev.ficus.gateway.capture.CaptureRecorder;
import dev.ficus.gateway.observe.EvidenceRegistry;
import dev.ficus.gateway.observe.RouteEvidence;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The admin API: every route's evidence, verdict and protection; each route's recent mismatches;
 * and the kill switch. Guarded by {@link AdminTokenFilter}.
 */
@RestController
final class AdminController {

  private final EvidenceRegistry evidence;
  private final CaptureRecorder capture;

  AdminController(EvidenceRegistry evidence, CaptureRecorder capture) {
    this.evidence = evidence;
    this.capture = capture;
  }

  @GetMapping(path = AdminTokenFilter.PREFIX, produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> routes() {
    List<RouteView> routes =
        evidence.routes().stream()
            .map(
                route ->
                    RouteView.of(
                        route.route(), route.report(evidence.policy()), route.guard().status()))
            .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("generatedAt", Instant.now());
    body.put("routes", routes);
    body.put(
        "capture",
        capture
            .status()
            .<Object>map(
                status -> {
                  Map<String, Object> view = new LinkedHashMap<>();
                  view.put("dir", status.dir().toAbsolutePath().toString());
                  view.put("accepted", status.accepted());
                  view.put("written", status.written());
                  view.put("dropped", status.dropped());
                  view.put("failed", status.failed());
                  view.put("filesClosed", status.filesClosed());
                  view.put("currentFile", status.currentFile());
                  view.put("lastError", status.lastError());
                  return view;
                })
            .orElse(Map.of("enabled", false)));
    return body;
  }

  @GetMapping(path = AdminTokenFilter.PREFIX + "/{id}/mismatches")
  ResponseEntity<Object> mismatches(
      @PathVariable String id, @RequestParam(defaultValue = "20") String limit) {
    return withRoute(
        id,
        route -> {
          int count;
          try {
            count = Integer.parseInt(limit.trim());
          } catch (NumberFormatException e) {
            count = -1;
          }
          if (count < 1 || count > RouteEvidence.RECENT_MISMATCHES) {
            return problem(
                HttpStatus.BAD_REQUEST,
                "urn:ficus:problem:bad-limit",
                "Bad limit",
                "limit '"
                    + limit
                    + "' must be a whole number from 1 to "
                    + RouteEvidence.RECENT_MISMATCHES);
          }
          return ResponseEntity.ok(
              Map.of(
                  "route",
                  id,
                  "mismatches",
                  route.recentMismatches(count).stream().map(MismatchView::of).toList()));
        });
  }

  /** The kill switch: every user of the route is served by legacy until the rollback is deleted. */
  @PostMapping(path = AdminTokenFilter.PREFIX + "/{id}/rollback")
  ResponseEntity<Object> rollBack(@PathVariable String id, ServerWebExchange exchange) {
    return withRoute(
        id,
        route -> {
          route.guard().rollBack("admin from " + remote(exchange));
          return ResponseEntity.ok(Map.of("route", id, "protection", route.guard().status()));
        });
  }

  /** Ends a rollback, manual or by a guardrail, and starts the route's windows afresh. */
  @DeleteMapping(path = AdminTokenFilter.PREFIX + "/{id}/rollback")
  ResponseEntity<Object> recover(@PathVariable String id, ServerWebExchange exchange) {
    return withRoute(
        id,
        route -> {
          route.guard().recover("admin from " + remote(exchange));
          return ResponseEntity.ok(Map.of("route", id, "protection", route.guard().status()));
        });
  }

  private ResponseEntity<Object> withRoute(
      String id, Function<RouteEvidence, ResponseEntity<Object>> action) {
    return evidence
        .route(id)
        .map(action)
        .orElseGet(
            () ->
                problem(
                    HttpStatus.NOT_FOUND,
                    "urn:ficus:problem:unknown-route",
                    "Unknown route",
                    "No route '" + id + "'; GET /ficus/routes lists them"));
  }

  private static ResponseEntity<Object> problem(
      HttpStatus status, String type, String title, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("title", title);
    body.put("status", status.value());
    body.put("detail", detail);
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
  }

  private static String remote(ServerWebExchange exchange) {
    InetSocketAddress address = exchange.getRequest().getRemoteAddress();
    return address == null ? "an unknown address" : address.getAddress().getHostAddress();
  }
}
