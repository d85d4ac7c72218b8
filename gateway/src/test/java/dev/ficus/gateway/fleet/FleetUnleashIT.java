package dev.ficus.gateway.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.gateway.testing.FlagsFiles;
import dev.ficus.testing.PostgresServer;
import dev.ficus.testing.UnleashServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The fleet checks against a real Unleash server (the npm package, over a real PostgreSQL): changes
 * go through Unleash's admin API, replicas read its client API every second, and a replica started
 * while Unleash is down decides from its backup file.
 */
class FleetUnleashIT extends FleetChecks {

  final Path dir = FlagsFiles.temporaryDirectory();
  PostgresServer postgres;
  UnleashServer unleash;

  @Override
  void startSource() {
    postgres = PostgresServer.start();
    unleash = UnleashServer.start(postgres);
  }

  @Override
  void stopSource() {
    if (unleash != null) {
      unleash.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  Map<String, String> flagSource(String replica) {
    return Map.of(
        "ficus.flags.unleash.url",
        unleash.clientApi(),
        "ficus.flags.unleash.api-token",
        UnleashServer.CLIENT_TOKEN,
        "ficus.flags.unleash.admin-token",
        UnleashServer.ADMIN_TOKEN,
        "ficus.flags.unleash.refresh-interval",
        "1s",
        "ficus.flags.unleash.backup-file",
        dir.resolve("backup-" + replica + ".json").toString());
  }

  @Override
  void createTripsFlag() {
    unleash.createRolloutFlag("trips-flag", 30);
  }

  @Override
  void setShareAtTheSource(int share) {
    unleash.setRollout("trips-flag", share);
  }

  @Override
  void breakSource() {
    unleash.stop();
  }

  @Override
  void repairSource() {
    unleash.startAgain();
  }

  @Override
  String brokenState() {
    return "unreachable";
  }

  @Override
  String outageLogLine() {
    return "Flag source Unleash server " + unleash.clientApi() + " cannot be read";
  }

  @Override
  void checkAStartDuringTheOutage(List<String> sidesBefore) {
    b.restart();
    assertThat(sides(b, "outage-", 1_000))
        .as("a replica started while Unleash is down decides from its backup file")
        .isEqualTo(sidesBefore);
  }
}
