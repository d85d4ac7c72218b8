package dev.ficus.gateway.config;

import dev.ficus.compare.analysis.VerdictPolicy;
import dev.ficus.gateway.autopilot.Autopilot;
import dev.ficus.gateway.fleet.EvidenceStorage;
import dev.ficus.gateway.fleet.FleetControl;
import dev.ficus.gateway.fleet.RouteControl;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The autopilot: it judges the evidence store's fleet view and steps routes through their flags.
 */
@Configuration(proxyBeanMethods = false)
class AutopilotConfiguration {

  @Bean(destroyMethod = "close")
  Autopilot autopilot(
      FleetControl fleet, EvidenceStorage storage, VerdictPolicy policy, MeterRegistry meters) {
    List<String> piloted =
        fleet.routes().stream()
            .filter(control -> control.route().autopilot().enabled())
            .map(RouteControl::route)
            .map(route -> route.id())
            .toList();
    if (!piloted.isEmpty() && !storage.enabled()) {
      throw new InvalidConfigurationException(
          List.of(
              "ficus.evidence.enabled: 'false', but the autopilot of "
                  + String.join(", ", piloted)
                  + " judges the evidence store's fleet view and keeps its state there; turn the"
                  + " store on, or the autopilot off"));
    }
    return new Autopilot(
        fleet,
        storage.store(),
        storage.fleet(),
        policy,
        storage.replica(),
        meters,
        Clock.systemUTC());
  }
}
