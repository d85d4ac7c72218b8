package dev.ficus.fleet.adapter;

import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The platform's public API, served by the monolith behind {@link Translation}. */
@RestController
final class PublicApiController {

  private final MonolithClient monolith;

  PublicApiController(MonolithClient monolith) {
    this.monolith = monolith;
  }

  @GetMapping("/vehicles")
  Mono<Map<String, Object>> vehicles() {
    return monolith
        .get("/vehicles")
        .map(answer -> Translation.envelope(answer, Translation.vehicles(answer)));
  }

  @GetMapping("/vehicles/{id}")
  Mono<Map<String, Object>> vehicle(@PathVariable String id) {
    return one("/vehicles/" + segment(id), "vehicle", "vehicle", id, Translation::vehicle);
  }

  @GetMapping("/fleet/status")
  Mono<Map<String, Object>> fleetStatus() {
    return monolith
        .get("/fleet/status")
        .map(answer -> Translation.envelope(answer, Translation.fleetStatus(answer)));
  }

  @GetMapping("/diagnostics/{vehicleId}")
  Mono<Map<String, Object>> diagnostics(@PathVariable String vehicleId) {
    return one(
        "/vehicles/" + segment(vehicleId) + "/diagnostics",
        "diag",
        "vehicle",
        vehicleId,
        Translation::diagnostics);
  }

  @GetMapping("/trips/{id}")
  Mono<Map<String, Object>> trip(@PathVariable String id) {
    return one("/trips/" + segment(id), "trip", "trip", id, Translation::trip);
  }

  @GetMapping("/trips")
  Mono<Map<String, Object>> tripsOfUser(@RequestParam(required = false) String userId) {
    if (userId == null || userId.isBlank()) {
      // The monolith would say user_id; the public contract names userId.
      return Mono.error(
          AdapterProblem.invalid("userId", "userId is required, e.g. /trips?userId=U-001"));
    }
    return monolith
        .get(
            "/trips?user_id="
                + UriUtils.encodeQueryParam(userId, java.nio.charset.StandardCharsets.UTF_8))
        .map(answer -> Translation.envelope(answer, Translation.trips(answer)));
  }

  @PostMapping("/trips")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Map<String, Object>> book(@RequestBody(required = false) JsonNode request) {
    return monolith
        .post("/trips", Translation.booking(request))
        .map(answer -> Translation.envelope(answer, Translation.trip(answer.path("trip"))));
  }

  @GetMapping("/tracking/{tripId}")
  Mono<Map<String, Object>> tracking(@PathVariable String tripId) {
    return one(
        "/trips/" + segment(tripId) + "/tracking",
        "tracking",
        "trip",
        tripId,
        Translation::tracking);
  }

  @GetMapping("/users/{id}")
  Mono<Map<String, Object>> user(@PathVariable String id) {
    return one("/users/" + segment(id), "user", "user", id, Translation::user);
  }

  @GetMapping("/users/{id}/preferences")
  Mono<Map<String, Object>> preferences(@PathVariable String id) {
    return one(
        "/users/" + segment(id) + "/preferences", "prefs", "user", id, Translation::preferences);
  }

  @PutMapping("/users/{id}/preferences")
  Mono<Map<String, Object>> updatePreferences(
      @PathVariable String id, @RequestBody(required = false) JsonNode request) {
    return monolith
        .put("/users/" + segment(id) + "/preferences", Translation.preferencesUpdate(request))
        .map(answer -> Translation.envelope(answer, Translation.preferences(answer.path("prefs"))))
        .onErrorMap(AdapterProblem::isNotFound, e -> notFound("user", id));
  }

  @GetMapping("/billing/invoices/{id}")
  Mono<Map<String, Object>> invoice(@PathVariable String id) {
    return one("/invoices/" + segment(id), "invoice", "invoice", id, Translation::invoice);
  }

  @PostMapping("/billing/calculate")
  Mono<Map<String, Object>> calculate(@RequestBody(required = false) JsonNode request) {
    return monolith
        .post("/billing/calculate", Translation.calculation(request))
        .map(answer -> Translation.envelope(answer, Translation.fare(answer)));
  }

  /** A single resource: the monolith's {@code field} of the answer, translated. */
  private Mono<Map<String, Object>> one(
      String path,
      String field,
      String what,
      String id,
      Function<JsonNode, Map<String, Object>> translate) {
    return monolith
        .get(path)
        .map(answer -> Translation.envelope(answer, translate.apply(answer.path(field))))
        .onErrorMap(AdapterProblem::isNotFound, e -> notFound(what, id));
  }

  private static AdapterProblem notFound(String what, String id) {
    return AdapterProblem.notFound(what + " " + id + " does not exist");
  }

  private static String segment(String id) {
    return UriUtils.encodePathSegment(id, java.nio.charset.StandardCharsets.UTF_8);
  }
}
