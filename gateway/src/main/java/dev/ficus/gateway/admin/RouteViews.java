package dev.ficus.gateway.admin;

import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.gateway.autopilot.AutopilotView;
import dev.ficus.gateway.fleet.FleetControl;
import dev.ficus.gateway.fleet.RouteControl;
import dev.ficus.gateway.observe.EvidenceRegistry;
import dev.ficus.gateway.observe.RouteEvidence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Builds the admin API's view of routes: their stage in force, flag and evidence together. */
public final class RouteViews {

  private final EvidenceRegistry evidence;
  private final FleetControl fleet;
  private final Function<String, Optional<AutopilotView>> autopilot;

  /**
   * @param autopilot a route's autopilot view, empty for a route without one
   */
  public RouteViews(
      EvidenceRegistry evidence,
      FleetControl fleet,
      Function<String, Optional<AutopilotView>> autopilot) {
    this.evidence = evidence;
    this.fleet = fleet;
    this.autopilot = autopilot;
  }

  /** How the flag source is doing, with where changes are written. */
  public Map<String, Object> flagSource() {
    var status = fleet.sourceStatus();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("source", status.source());
    view.put("state", status.state());
    view.put("problem", status.problem());
    view.put("lastSuccess", status.lastSuccess());
    view.put("problemSince", status.problemSince());
    view.put("refreshInterval", status.refreshInterval().toString());
    view.put("writesTo", fleet.writeTarget());
    return view;
  }

  public List<RouteView> all() {
    return evidence.routes().stream().map(this::view).toList();
  }

  public Optional<RouteView> view(String id) {
    return evidence.route(id).map(this::view);
  }

  private RouteView view(RouteEvidence route) {
    return view(route, null, route.report(evidence.policy()));
  }

  /**
   * The route's view with the figures of one of its operations; empty when the route is unknown, or
   * has seen no request of that operation.
   */
  public Optional<RouteView> view(String id, String operation) {
    return evidence
        .route(id)
        .flatMap(
            route ->
                route
                    .operations()
                    .report(operation, evidence.policy(), route.noise())
                    .map(report -> view(route, operation, report)));
  }

  private RouteView view(RouteEvidence route, String operation, RouteReport report) {
    RouteControl control = route.control();
    return RouteView.of(
        route.route(),
        control.current(),
        fleet.flagOf(control),
        fleet.sourceStatus(),
        fleet.pendingWrite(route.route().id()).orElse(null),
        report,
        route.guard().status(),
        autopilot.apply(route.route().id()).orElse(null),
        operation,
        route.operations().reports(evidence.policy(), route.noise()),
        DualWriteView.of(route));
  }

  /** An RFC 9457 problem answer of the admin API, with named extras. */
  public static ResponseEntity<Object> problem(
      HttpStatus status, String type, String title, String detail, Map<String, Object> extras) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("title", title);
    body.put("status", status.value());
    body.put("detail", detail);
    body.putAll(extras);
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
  }

  /** The answer for a route id no route has. */
  public static ResponseEntity<Object> unknownRoute(String id) {
    return problem(
        HttpStatus.NOT_FOUND,
        "urn:ficus:problem:unknown-route",
        "Unknown route",
        "No route '" + id + "'; GET /ficus/routes lists them",
        Map.of());
  }
}
