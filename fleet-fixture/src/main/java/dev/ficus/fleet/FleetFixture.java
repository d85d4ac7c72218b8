package dev.ficus.fleet;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The demo platform's data set: 60 vehicles, 100 users, 200 trips and an invoice per completed
 * trip, generated from one seed, so the monolith stand-in and the new services start from the same
 * facts. Values are in the public API's terms; each side stores them in its own shape.
 */
public record FleetFixture(
    List<Vehicle> vehicles, List<User> users, List<Trip> trips, List<Invoice> invoices) {

  /** The seed of the demo's data set. */
  public static final long SEED = 20261126L;

  /** When the data set's clock starts: every time in it is after this. */
  public static final Instant EPOCH = Instant.parse("2026-09-01T06:00:00Z");

  public enum VehicleStatus {
    AVAILABLE,
    IN_TRIP,
    CHARGING,
    MAINTENANCE
  }

  public enum TripStatus {
    COMPLETED,
    IN_PROGRESS,
    CANCELLED
  }

  /**
   * @param fleetCode the monolith's internal fleet grouping, which the new vehicle view drops
   */
  public record Vehicle(
      String id,
      String vin,
      String model,
      VehicleStatus status,
      int batteryLevel,
      BigDecimal odometerKm,
      BigDecimal lat,
      BigDecimal lon,
      String depot,
      String fleetCode,
      Instant lastSeenAt,
      int batteryHealth,
      List<BigDecimal> tirePressureBar,
      List<String> faults) {}

  public record Preferences(String language, boolean notifications, String preferredModel) {}

  public record User(
      String id,
      String name,
      String email,
      String tier,
      Instant createdAt,
      Preferences preferences) {}

  /**
   * @param endedAt null while in progress
   */
  public record Trip(
      String id,
      String userId,
      String vehicleId,
      TripStatus status,
      BigDecimal distanceKm,
      Instant startedAt,
      Instant endedAt,
      BigDecimal lat,
      BigDecimal lon,
      int speedKmh) {}

  public record Invoice(String id, String tripId, String userId, String status, Instant issuedAt) {}

  private static final String[] MODELS = {
    "Aurora L4", "Aurora L4 Cargo", "Kestrel Shuttle", "Kestrel Shuttle XL", "Pico Urban"
  };
  private static final String[] DEPOTS = {"Berlin-Mitte", "Berlin-Tegel", "Potsdam", "Spandau"};
  private static final String[] FIRST = {
    "Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim"
  };
  private static final String[] LAST = {
    "Lovelace",
    "Turing",
    "Hopper",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Allen",
    "Thompson",
    "Perlman",
    "Berners-Lee"
  };
  private static final String[] LANGUAGES = {"en", "de", "fr", "nl"};
  private static final String[] TIERS = {"STANDARD", "STANDARD", "STANDARD", "GOLD", "PLATINUM"};
  private static final String[] FAULTS = {"LIDAR_DEGRADED", "TIRE_LOW", "DOOR_SENSOR", "HVAC"};

  /** The data set, the same on every call. */
  public static FleetFixture generate() {
    Random random = new Random(SEED);
    List<Vehicle> vehicles = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      VehicleStatus status = VehicleStatus.values()[random.nextInt(4)];
      List<BigDecimal> tires = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        tires.add(BigDecimal.valueOf(22 + random.nextInt(10), 1));
      }
      List<String> faults = new ArrayList<>();
      if (random.nextInt(4) == 0) {
        faults.add(FAULTS[random.nextInt(FAULTS.length)]);
      }
      vehicles.add(
          new Vehicle(
              String.format("V-%03d", i),
              String.format("5YJ3E1EA%09d", 100_000 + i * 7919),
              MODELS[random.nextInt(MODELS.length)],
              status,
              5 + random.nextInt(95),
              BigDecimal.valueOf(1_000 + random.nextInt(90_000_0), 1),
              BigDecimal.valueOf(52_400_000 + random.nextInt(250_000), 6),
              BigDecimal.valueOf(13_100_000 + random.nextInt(500_000), 6),
              DEPOTS[random.nextInt(DEPOTS.length)],
              String.format("FL-%02d", 1 + random.nextInt(12)),
              EPOCH.plus(Duration.ofMinutes(60L * 24 * 80 + random.nextInt(60 * 24 * 5))),
              60 + random.nextInt(40),
              tires,
              faults));
    }
    List<User> users = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      String first = FIRST[random.nextInt(FIRST.length)];
      String last = LAST[random.nextInt(LAST.length)];
      users.add(
          new User(
              String.format("U-%03d", i),
              first + " " + last,
              (first + "." + last + i + "@example.com").toLowerCase(java.util.Locale.ROOT),
              TIERS[random.nextInt(TIERS.length)],
              EPOCH.minus(Duration.ofDays(1 + random.nextInt(700))),
              new Preferences(
                  LANGUAGES[random.nextInt(LANGUAGES.length)],
                  random.nextBoolean(),
                  MODELS[random.nextInt(MODELS.length)])));
    }
    List<Trip> trips = new ArrayList<>();
    List<Invoice> invoices = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      int roll = random.nextInt(10);
      TripStatus status =
          roll < 8
              ? TripStatus.COMPLETED
              : roll < 9 ? TripStatus.IN_PROGRESS : TripStatus.CANCELLED;
      Instant started = EPOCH.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 85)));
      BigDecimal distance = BigDecimal.valueOf(80 + random.nextInt(3_000), 2);
      Vehicle vehicle = vehicles.get(random.nextInt(vehicles.size()));
      String tripId = String.format("T-%04d", i);
      String userId = users.get(random.nextInt(users.size())).id();
      trips.add(
          new Trip(
              tripId,
              userId,
              vehicle.id(),
              status,
              distance,
              started,
              status == TripStatus.IN_PROGRESS
                  ? null
                  : started.plus(Duration.ofMinutes(4 + random.nextInt(50))),
              vehicle.lat(),
              vehicle.lon(),
              status == TripStatus.IN_PROGRESS ? 10 + random.nextInt(40) : 0));
      if (status == TripStatus.COMPLETED) {
        invoices.add(
            new Invoice(
                String.format("I-%04d", invoices.size() + 1),
                tripId,
                userId,
                random.nextInt(5) == 0 ? "OPEN" : "PAID",
                started.plus(Duration.ofHours(1))));
      }
    }
    return new FleetFixture(
        List.copyOf(vehicles), List.copyOf(users), List.copyOf(trips), List.copyOf(invoices));
  }

  public Map<String, Vehicle> vehiclesById() {
    return index(vehicles, Vehicle::id);
  }

  public Map<String, User> usersById() {
    return index(users, User::id);
  }

  public Map<String, Trip> tripsById() {
    return index(trips, Trip::id);
  }

  public Map<String, Invoice> invoicesById() {
    return index(invoices, Invoice::id);
  }

  private static <T> Map<String, T> index(List<T> values, Function<T, String> id) {
    return values.stream()
        .collect(Collectors.toMap(id, v -> v, (a, b) -> a, java.util.LinkedHashMap::new));
  }
}
