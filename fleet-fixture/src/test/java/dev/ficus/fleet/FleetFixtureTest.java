package dev.ficus.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class FleetFixtureTest {

  @Test
  void theDataSetIsLargeEnoughAndTheSameOnEveryCall() {
    FleetFixture fixture = FleetFixture.generate();

    assertThat(fixture.vehicles()).hasSizeGreaterThanOrEqualTo(50);
    assertThat(fixture.trips()).hasSizeGreaterThanOrEqualTo(200);
    assertThat(fixture.users()).hasSizeGreaterThanOrEqualTo(100);
    assertThat(fixture.invoices()).isNotEmpty();
    assertThat(FleetFixture.generate()).isEqualTo(fixture);
    assertThat(fixture.trips())
        .allMatch(trip -> fixture.usersById().containsKey(trip.userId()))
        .allMatch(trip -> fixture.vehiclesById().containsKey(trip.vehicleId()));
  }

  @Test
  void theNewRoundingDiffersFromTheMonolithsForSomeTripsOnly() {
    assertThat(Fares.legacy(new BigDecimal("12.34"))).isEqualByComparingTo("18.93");
    assertThat(Fares.current(new BigDecimal("12.34"))).isEqualByComparingTo("18.92");
    assertThat(Fares.current(new BigDecimal("12.35")))
        .isEqualByComparingTo(Fares.legacy(new BigDecimal("12.35")));
    long differing =
        FleetFixture.generate().trips().stream()
            .filter(t -> Fares.legacy(t.distanceKm()).compareTo(Fares.current(t.distanceKm())) != 0)
            .count();
    assertThat(differing).isBetween(5L, 60L);
  }
}
