package dev.ficus.gateway.fleet;

import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.compare.analysis.VerdictPolicy;
import dev.ficus.evidence.EvidenceStoreException;
import dev.ficus.evidence.FleetEvidence;
import dev.ficus.gateway.admin.AdminTokenFilter;
import dev.ficus.gateway.admin.RouteViews;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The fleet view: every route's evidence over a window, from every replica that writes to the
 * evidence store, in the shape of {@code /ficus/routes}. {@code ?window=15m}, {@code ?since=} an
 * instant, or {@code ?since=stage}; without either, since the route's stage began. Guarded by
 * {@link AdminTokenFilter}.
 */
@RestController
final class FleetEvidenceController {

  private final EvidenceStorage storage;
  private final FleetControl fleet;
  private final VerdictPolicy policy;

  FleetEvidenceController(EvidenceStorage storage, FleetControl fleet, VerdictPolicy policy) {
    this.storage = storage;
    this.fleet = fleet;
    this.policy = policy;
  }

  /**
   * One route over the fleet.
   *
   * @param stage the stage in force on the replica that answers
   * @param share its canary share
   * @param window the buckets judged
   * @param buckets how many were merged
   * @param replicas the replicas that wrote them, and when each last wrote
   * @param verdict the verdict over the window
   * @param lastStage the stage before the current one that was not legacy, with its own verdict
   *     over its own buckets (a canary a guardrail rolled back stays readable once the rollback
   *     ended); null when the store holds none
   * @param dualWrite the writes sent to both sides in the window (stage dual-write), by outcome;
   *     null when there were none
   */
  record FleetRouteView(
      String id,
      String stage,
      Integer share,
      FleetEvidence.Window window,
      int buckets,
      List<FleetEvidence.Contributor> replicas,
      Map<String, Long> decisions,
      Map<String, Long> comparisons,
      Map<String, Long> skipped,
      double mismatchRate,
      List<RouteReport.PathCount> topDifferences,
      List<RouteReport.NoisePath> noise,
      long noisePairs,
      Map<String, RouteReport.Latency> latency,
      Map<String, RouteReport.Errors> errors,
      dev.ficus.compare.analysis.Verdict verdict,
      FleetEvidence.LastStage lastStage,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
          dev.ficus.compare.analysis.DualWriteFigures dualWrite) {}

  @GetMapping(
      path = AdminTokenFilter.FLEET_PREFIX + "/routes",
      produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> routes(
      @RequestParam(required = false) String window, @RequestParam(required = false) String since) {
    return read(
        () -> {
          List<FleetRouteView> routes = new ArrayList<>();
          for (RouteControl control : fleet.routes()) {
            routes.add(view(control, window, since));
          }
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("generatedAt", Instant.now());
          body.put("store", storage.writer().status());
          body.put("routes", routes);
          return body;
        });
  }

  @GetMapping(
      path = AdminTokenFilter.FLEET_PREFIX + "/routes/{id}",
      produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> route(
      @PathVariable String id,
      @RequestParam(required = false) String window,
      @RequestParam(required = false) String since) {
    return readRoute(id, control -> view(control, window, since));
  }

  /**
   * One route over the fleet, step by step (whole minutes, at most 60 points): the mismatch rate
   * and each side's latency per step, for the console's charts. Same windows as the fleet view.
   */
  @GetMapping(
      path = AdminTokenFilter.FLEET_PREFIX + "/routes/{id}/timeline",
      produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Object>> timeline(
      @PathVariable String id,
      @RequestParam(required = false) String window,
      @RequestParam(required = false) String since) {
    return readRoute(
        id,
        control -> {
          FleetEvidence.Timeline timeline =
              storage.fleet().timeline(id, window(control, window, since), policy);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("id", id);
          body.put("window", timeline.window());
          body.put("stepSeconds", timeline.step().toSeconds());
          body.put("points", timeline.points());
          return body;
        });
  }

  private FleetRouteView view(RouteControl control, String window, String since)
      throws EvidenceStoreException {
    RouteStage stage = control.current();
    String id = control.route().id();
    FleetEvidence.View view = storage.fleet().view(id, window(control, window, since), policy);
    RouteReport report = view.report();
    return new FleetRouteView(
        id,
        stage.stage().configName(),
        stage.share(),
        view.window(),
        view.buckets(),
        view.replicas(),
        report.decisions(),
        report.outcomes(),
        report.skipped(),
        report.mismatchRate(),
        report.topDifferences(),
        report.noise(),
        report.noisePairs(),
        report.latency(),
        report.errors(),
        report.verdict(),
        storage
            .fleet()
            .lastStage(id, stage.stage().configName(), stage.share(), policy)
            .orElse(null),
        report.dualWrite());
  }

  /** The window asked for, cut at the route's current stage and share when it says so. */
  private FleetEvidence.Window window(RouteControl control, String window, String since)
      throws EvidenceStoreException {
    RouteStage stage = control.current();
    return storage
        .fleet()
        .window(control.route().id(), stage.stage().configName(), stage.share(), window, since);
  }

  private interface Read {
    Object get() throws EvidenceStoreException;
  }

  private interface RouteRead {
    Object get(RouteControl control) throws EvidenceStoreException;
  }

  /** A read about one route: 404 when Ficus has no such route. */
  private Mono<ResponseEntity<Object>> readRoute(String id, RouteRead read) {
    RouteControl control = fleet.route(id).orElse(null);
    if (control == null) {
      return Mono.just(RouteViews.unknownRoute(id));
    }
    return read(() -> read.get(control));
  }

  private Mono<ResponseEntity<Object>> read(Read read) {
    if (!storage.enabled()) {
      return Mono.just(
          RouteViews.problem(
              HttpStatus.NOT_FOUND,
              "urn:ficus:problem:evidence-store-off",
              "Evidence store off",
              "The fleet view reads the evidence store, which is off; set ficus.evidence.enabled:"
                  + " true",
              Map.of()));
    }
    return Mono.fromCallable(
            () -> {
              try {
                return ResponseEntity.ok(read.get());
              } catch (IllegalArgumentException e) {
                return RouteViews.problem(
                    HttpStatus.BAD_REQUEST,
                    "urn:ficus:problem:bad-window",
                    "Bad window",
                    e.getMessage(),
                    Map.of("field", e.getMessage().startsWith("since") ? "since" : "window"));
              } catch (EvidenceStoreException e) {
                return RouteViews.problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "urn:ficus:problem:evidence-store-unavailable",
                    "Evidence store unavailable",
                    e.getMessage(),
                    Map.of());
              }
            })
        .subscribeOn(Schedulers.boundedElastic());
  }
}
