package dev.ficus.gateway.autopilot;

import dev.ficus.gateway.fleet.RouteControl;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One route's autopilot on this replica. */
final class RoutePilot {
  final RouteControl control;
  volatile boolean driving;
  volatile AutopilotView.Status status;
  volatile Instant resumedAt;
  volatile Instant problemLogged;
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();

  RoutePilot(RouteControl control, Instant now) {
    this.control = control;
    this.status =
        new AutopilotView.Status(
            "waiting_for_data",
            Position.of(control.current()).label(),
            null,
            "starting",
            null,
            now);
  }

  String id() {
    return control.route().id();
  }

  AutopilotSettings settings() {
    return control.route().autopilot();
  }

  Instant seen(String label, Instant now) {
    return seen.computeIfAbsent(label, key -> now);
  }
}
