package dev.ficus.gateway.admin;

import dev.ficus.gateway.capture.CaptureRecorder;
import dev.ficus.gateway.observe.EvidenceRegistry;
import dev.ficus.gateway.observe.RouteEvidence;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API's reports: every route's stage, evidence, verdict and protection, and each route's
 * recent mismatches. Guarded by {@link AdminTokenFilter}; stage changes and rollbacks are the fleet
 * control's.
 */
@RestController
final class AdminController {

  private final EvidenceRegistry evidence;
  private final RouteViews views;
  private final CaptureRecorder capture;

  AdminController(EvidenceRegistry evidence, RouteViews views, CaptureRecorder capture) {
    this.evidence = evidence;
    this.views = views;
    this.capture = capture;
  }

  @GetMapping(path = AdminTokenFilter.PREFIX + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> route(
      @PathVariable String id,
      @org.springframework.web.bind.annotation.RequestParam(required = false) String operation) {
    if (operation != null && views.view(id).isPresent()) {
      return views
          .view(id, operation)
          .<ResponseEntity<Object>>map(ResponseEntity::ok)
          .orElseGet(
              () ->
                  RouteViews.problem(
                      org.springframework.http.HttpStatus.NOT_FOUND,
                      "urn:ficus:problem:unknown-operation",
                      "Unknown operation",
                      "route "
                          + id
                          + " has seen no request of operation '"
                          + operation
                          + "'; the operations it has seen are "
                          + views.view(id).get().operations().stream()
                              .map(RouteView.OperationView::name)
                              .toList(),
                      Map.of("route", id, "operation", operation)));
    }
    return views
        .view(id)
        .<ResponseEntity<Object>>map(ResponseEntity::ok)
        .orElseGet(() -> RouteViews.unknownRoute(id));
  }

  @GetMapping(path = AdminTokenFilter.PREFIX, produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> routes() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("generatedAt", Instant.now());
    body.put("flagSource", views.flagSource());
    body.put("routes", views.all());
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
            return RouteViews.problem(
                HttpStatus.BAD_REQUEST,
                "urn:ficus:problem:bad-limit",
                "Bad limit",
                "limit '"
                    + limit
                    + "' must be a whole number from 1 to "
                    + RouteEvidence.RECENT_MISMATCHES,
                Map.of());
          }
          return ResponseEntity.ok(
              Map.of(
                  "route",
                  id,
                  "mismatches",
                  route.recentMismatches(count).stream().map(MismatchView::of).toList(),
                  "divergences",
                  route.dualWrite().recentDivergences(count).stream()
                      .map(DivergenceView::of)
                      .toList()));
        });
  }

  private ResponseEntity<Object> withRoute(
      String id, Function<RouteEvidence, ResponseEntity<Object>> action) {
    return evidence.route(id).map(action).orElseGet(() -> RouteViews.unknownRoute(id));
  }
}
