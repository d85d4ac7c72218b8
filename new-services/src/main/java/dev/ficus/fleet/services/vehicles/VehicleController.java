package dev.ficus.fleet.services.vehicles;

import dev.ficus.fleet.FleetFixture;
import dev.ficus.fleet.FleetFixture.Vehicle;
import dev.ficus.fleet.services.common.ContextEnabled;
import dev.ficus.fleet.services.common.Envelope;
import dev.ficus.fleet.services.common.Problems;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The vehicles context: the fleet, one vehicle, the fleet's status and a vehicle's diagnostics. Its
 * vehicle view leaves out the monolith's internal {@code fleetCode}: the demo's second deliberate
 * behaviour change.
 */
@RestController
@ContextEnabled("vehicles")
class VehicleController {

  /** This context's own copy of the fleet, seeded from the shared fixture. */
  private final Map<String, Vehicle> vehicles = FleetFixture.generate().vehiclesById();

  @GetMapping("/vehicles")
  Map<String, Object> vehicles() {
    List<Map<String, Object>> items =
        vehicles.values().stream().map(VehicleController::view).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("count", items.size());
    return Envelope.of(body);
  }

  @GetMapping("/vehicles/{id}")
  Map<String, Object> vehicle(@PathVariable String id) {
    return Envelope.of(view(find(id)));
  }

  @GetMapping("/fleet/status")
  Map<String, Object> status() {
    Map<String, Object> byStatus = new LinkedHashMap<>();
    for (FleetFixture.VehicleStatus status : FleetFixture.VehicleStatus.values()) {
      byStatus.put(
          status.name(), vehicles.values().stream().filter(v -> v.status() == status).count());
    }
    double average = vehicles.values().stream().mapToInt(Vehicle::batteryLevel).average().orElse(0);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", vehicles.size());
    body.put("byStatus", byStatus);
    body.put("averageBatteryLevel", BigDecimal.valueOf(average).setScale(1, RoundingMode.HALF_UP));
    return Envelope.of(body);
  }

  @GetMapping("/diagnostics/{vehicleId}")
  Map<String, Object> diagnostics(@PathVariable String vehicleId) {
    Vehicle vehicle = find(vehicleId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("vehicleId", vehicle.id());
    body.put("batteryHealth", vehicle.batteryHealth());
    body.put("tirePressureBar", vehicle.tirePressureBar());
    body.put("faults", vehicle.faults());
    body.put("checkedAt", vehicle.lastSeenAt().toString());
    return Envelope.of(body);
  }

  private Vehicle find(String id) {
    Vehicle vehicle = vehicles.get(id);
    if (vehicle == null) {
      throw Problems.notFound("vehicle", id);
    }
    return vehicle;
  }

  static Map<String, Object> view(Vehicle vehicle) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", vehicle.id());
    view.put("vin", vehicle.vin());
    view.put("model", vehicle.model());
    view.put("status", vehicle.status().name());
    view.put("batteryLevel", vehicle.batteryLevel());
    view.put("odometerKm", vehicle.odometerKm());
    view.put("location", Map.of("lat", vehicle.lat(), "lon", vehicle.lon()));
    view.put("depot", vehicle.depot());
    view.put("lastSeenAt", vehicle.lastSeenAt().toString());
    return view;
  }
}
