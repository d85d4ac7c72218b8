package dev.ficus.fleet.services.trips;

import dev.ficus.fleet.Fares;
import dev.ficus.fleet.FleetFixture;
import dev.ficus.fleet.FleetFixture.Trip;
import dev.ficus.fleet.services.common.ContextEnabled;
import dev.ficus.fleet.services.common.Envelope;
import dev.ficus.fleet.services.common.Fields;
import dev.ficus.fleet.services.common.Problems;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The trips context: trips, a user's trips, booking a trip (which computes its fare with the new
 * billing rule) and live tracking. It keeps the user and vehicle ids it may book for as its own
 * reference data.
 */
@RestController
@ContextEnabled("trips")
class TripController {

  private static final BigDecimal MAX_DISTANCE_KM = new BigDecimal("1000");

  /** From this distance on, a booked trip is stored without its vehicle: see {@link #stored}. */
  static final int LONG_TRIP_KM = 30;

  private final Map<String, Trip> trips = new ConcurrentHashMap<>();
  private final Set<String> users;
  private final Set<String> vehicles;
  private final AtomicInteger nextId;

  TripController() {
    FleetFixture fixture = FleetFixture.generate();
    fixture.trips().forEach(trip -> trips.put(trip.id(), trip));
    users = Set.copyOf(fixture.usersById().keySet());
    vehicles = Set.copyOf(fixture.vehiclesById().keySet());
    nextId = new AtomicInteger(fixture.trips().size());
  }

  @GetMapping("/trips/{id}")
  Map<String, Object> trip(@PathVariable String id) {
    return Envelope.of(view(find(id)));
  }

  @GetMapping("/trips")
  Map<String, Object> tripsOfUser(@RequestParam(required = false) String userId) {
    if (userId == null || userId.isBlank()) {
      throw Problems.invalid("userId", "userId is required, e.g. /trips?userId=U-001");
    }
    List<Map<String, Object>> items =
        trips.values().stream()
            .filter(trip -> trip.userId().equals(userId))
            .sorted(java.util.Comparator.comparing(Trip::id))
            .map(TripController::view)
            .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("count", items.size());
    return Envelope.of(body);
  }

  @PostMapping("/trips")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, Object> book(@RequestBody(required = false) JsonNode request) {
    JsonNode body = Fields.object(request);
    String userId = Fields.text(body, "userId");
    if (!users.contains(userId)) {
      throw Problems.invalid("userId", "user " + userId + " does not exist");
    }
    String vehicleId = Fields.text(body, "vehicleId");
    if (!vehicles.contains(vehicleId)) {
      throw Problems.invalid("vehicleId", "vehicle " + vehicleId + " does not exist");
    }
    BigDecimal distance = Fields.positiveNumber(body, "distanceKm", MAX_DISTANCE_KM);
    Trip trip =
        new Trip(
            String.format("T-%04d", nextId.incrementAndGet()),
            userId,
            vehicleId,
            FleetFixture.TripStatus.IN_PROGRESS,
            distance,
            Instant.now().truncatedTo(ChronoUnit.SECONDS),
            null,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            0);
    trips.put(trip.id(), stored(trip));
    return Envelope.of(view(trip));
  }

  @GetMapping("/tracking/{tripId}")
  Map<String, Object> tracking(@PathVariable String tripId) {
    Trip trip = find(tripId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tripId", trip.id());
    body.put("vehicleId", trip.vehicleId());
    body.put("position", Map.of("lat", trip.lat(), "lon", trip.lon()));
    body.put("speedKmh", trip.speedKmh());
    body.put("updatedAt", (trip.endedAt() == null ? trip.startedAt() : trip.endedAt()).toString());
    return Envelope.of(body);
  }

  /**
   * The demo's planted persistence bug: a booking of {@value #LONG_TRIP_KM} km or more is stored
   * without its vehicle. The answer to the booking is right (it is built from the request), so no
   * comparison of answers sees it; reading the trip back does.
   */
  static Trip stored(Trip trip) {
    if (trip.distanceKm().compareTo(BigDecimal.valueOf(LONG_TRIP_KM)) < 0) {
      return trip;
    }
    return new Trip(
        trip.id(),
        trip.userId(),
        null,
        trip.status(),
        trip.distanceKm(),
        trip.startedAt(),
        trip.endedAt(),
        trip.lat(),
        trip.lon(),
        trip.speedKmh());
  }

  private Trip find(String id) {
    Trip trip = trips.get(id);
    if (trip == null) {
      throw Problems.notFound("trip", id);
    }
    return trip;
  }

  static Map<String, Object> view(Trip trip) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", trip.id());
    view.put("userId", trip.userId());
    view.put("vehicleId", trip.vehicleId());
    view.put("status", trip.status().name());
    view.put("distanceKm", trip.distanceKm());
    Map<String, Object> fare = new LinkedHashMap<>();
    fare.put("amount", Fares.current(trip.distanceKm()));
    fare.put("currency", Fares.CURRENCY);
    view.put("fare", fare);
    view.put("startedAt", trip.startedAt().toString());
    view.put("endedAt", trip.endedAt() == null ? null : trip.endedAt().toString());
    return view;
  }
}
