package dev.ficus.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The demo end to end, from the jars the build made: the monolith stand-in, the legacy adapter, the
 * new services and the gateway as their own processes, real traffic, and the gateway's findings:
 * exactly the two deliberate behaviour changes, with the nondeterministic fields learned as noise.
 */
class DemoIT {

  static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  static Findings findings;
  static String output;

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @BeforeAll
  static void runTheDemo() throws Exception {
    StringWriter out = new StringWriter();
    Demo demo =
        new Demo(
            new Demo.Settings(
                HOME,
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                Duration.ofSeconds(25),
                60,
                300,
                Duration.ofSeconds(1),
                "demo-it-token",
                HOME.resolve("demo/target/demo-it")),
            new PrintWriter(out, true));
    findings = demo.run();
    output = out.toString();
  }

  @Test
  void theTripsComparisonFindsOnlyTheNewFareRounding() {
    assertThat(findings.compared("trips")).isGreaterThan(100);
    assertThat(findings.differences("trips"))
        .isNotEmpty()
        .allMatch(path -> path.equals("/fare/amount") || path.equals("/items/*/fare/amount"))
        .contains("/fare/amount");
    assertThat(findings.route("trips").get("decisions").get("new").asLong()).isPositive();
    assertThat(output)
        .as("each difference's example shows both sides' values")
        .containsPattern(
            "/fare/amount +value_changed +in +\\d+  e\\.g\\. GET \\S+: legacy [0-9.]+, new [0-9.]+");
  }

  @Test
  void theBookingsReadBackFindTheTripStoredWithoutItsVehicleThatNoAnswerShows() {
    JsonNode dualWrite = findings.route("bookings").get("dualWrite");
    assertThat(dualWrite.get("active").asBoolean()).isTrue();
    assertThat(dualWrite.get("converged").asLong()).as("short trips are stored right").isPositive();
    assertThat(dualWrite.get("diverged").asLong()).as("long trips lose their vehicle").isPositive();
    assertThat(dualWrite.get("writeFailed").asLong()).isZero();
    assertThat(findings.divergedPaths("bookings"))
        .containsKey("/vehicleId")
        .allSatisfy((path, count) -> assertThat(path).isIn("/vehicleId", "/fare/amount"));
    assertThat(findings.differences("bookings"))
        .as("both sides answer the booking alike, but for the fare's rounding")
        .allMatch(path -> path.equals("/fare/amount"));
    assertThat(output)
        .contains("dual writes read back:")
        .containsPattern(
            "/vehicleId +type_changed +in +\\d+  e\\.g\\. POST /trips read back as /trips/T-5");
  }

  @Test
  void theSoapComparisonSeesThroughPrefixesAndLayoutAndFindsOnlyTheNewPaymentTerm() {
    assertThat(findings.compared("billing-soap")).isGreaterThan(10);
    assertThat(findings.differences("billing-soap"))
        .as(
            "prefixes, attribute order and indentation differ on every answer; only the due date counts")
        .containsExactly("/Envelope/Body/GetInvoiceStatusResponse/invoice/due");
    assertThat(findings.noise("billing-soap")).containsKey("/Envelope/Header/ServerTime");
    java.util.Map<String, JsonNode> operations = new java.util.HashMap<>();
    findings
        .route("billing-soap")
        .get("operations")
        .forEach(o -> operations.put(o.get("name").asString(), o));
    assertThat(operations.get("GetInvoiceStatus").get("comparisons").get("mismatch").asLong())
        .isPositive();
    assertThat(operations.get("SettleInvoice").get("skipped").get("write_not_shadowed").asLong())
        .as("the write operation is left to legacy, by name")
        .isPositive();
    assertThat(output)
        .contains("Route billing-soap")
        .contains("/Envelope/Body/GetInvoiceStatusResponse/invoice/due");
  }

  @Test
  void theVehiclesComparisonFindsOnlyTheDroppedLegacyField() {
    assertThat(findings.compared("vehicles")).isGreaterThan(100);
    assertThat(findings.differences("vehicles"))
        .isNotEmpty()
        .allMatch(path -> path.equals("/fleetCode") || path.equals("/items/*/fleetCode"))
        .contains("/fleetCode");
    assertThat(findings.route("vehicles").get("topDifferences").get(0).get("kind").asString())
        .isEqualTo("missing_on_new");
  }

  @Test
  void theNondeterministicFieldsAreNoiseLearnedFromLegacyItself() {
    for (String route : new String[] {"trips", "vehicles"}) {
      assertThat(findings.noise(route)).containsKeys("/requestId", "/servedAt");
      findings
          .route(route)
          .get("noise")
          .forEach(noise -> assertThat(noise.get("learnedFrom").asLong()).isPositive());
    }
  }

  @Test
  void usersAndBillingStayOnLegacyUncompared() {
    for (String route : new String[] {"users", "billing"}) {
      assertThat(findings.compared(route)).isZero();
      assertThat(findings.route(route).get("decisions").get("new").asLong()).isZero();
      assertThat(findings.route(route).get("decisions").get("legacy").asLong()).isPositive();
    }
  }

  @Test
  void thePrintedReportNamesEachRouteAndTheAdminApi() {
    assertThat(output)
        .contains("Route trips (stage canary 30%, flag new-trip-service)")
        .contains("Route vehicles (stage shadow, flag new-vehicle-service)")
        .contains("/fleetCode")
        .contains("noise (set apart, not counted):")
        .containsPattern(
            "Console: +http://127\\.0\\.0\\.1:\\d+/ficus/console \\(sign in with the token demo-it-token\\)")
        .contains("Admin API: curl -H 'Authorization: Bearer demo-it-token'")
        .contains("Steer it:  curl -X PUT -H 'Authorization: Bearer demo-it-token'")
        .doesNotContain("answers by status: {failed");
  }

  @Test
  void noProcessIsLeftBehind() {
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void aPartThatFailsToStartIsNamedAndNothingIsLeftRunning(@TempDir Path home) throws Exception {
    // A checkout whose gateway jar is broken: the three parts before it start, then the gateway
    // fails.
    for (String file :
        new String[] {
          "legacy-adapter/target/monolith/wiremock-standalone.jar",
          "legacy-adapter/target/ficus-legacy-adapter-monolith.jar",
          "legacy-adapter/target/ficus-legacy-adapter.jar",
          "new-services/target/ficus-new-services.jar",
          "examples/demo/ficus.yml",
          "examples/demo/flags.json",
          "legacy-adapter/monolith"
        }) {
      Files.createDirectories(home.resolve(file).getParent());
      Files.createSymbolicLink(home.resolve(file), HOME.resolve(file));
    }
    Files.createDirectories(home.resolve("gateway/target"));
    Files.writeString(home.resolve("gateway/target/ficus-gateway.jar"), "not a jar");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        DemoMain.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "--home",
            home.toString(),
            "--gateway-port",
            Integer.toString(freePort()),
            "--adapter-port",
            Integer.toString(freePort()),
            "--new-services-port",
            Integer.toString(freePort()),
            "--monolith-port",
            Integer.toString(freePort()),
            "--traffic",
            "5s");

    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("Starting the new services").contains("ready");
    assertThat(err.toString())
        .contains("the Ficus gateway stopped while starting")
        .contains("Invalid or corrupt jarfile")
        .contains("Stopped every part of the demo that had started.");
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void aBusyPortIsReportedBeforeAnythingStarts() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();

      int code =
          DemoMain.execute(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "--home",
              HOME.toString(),
              "--gateway-port",
              Integer.toString(busy.getLocalPort()),
              "--adapter-port",
              Integer.toString(freePort()),
              "--new-services-port",
              Integer.toString(freePort()),
              "--monolith-port",
              Integer.toString(freePort()));

      assertThat(code).isEqualTo(2);
      assertThat(err.toString())
          .contains("port " + busy.getLocalPort() + " (--gateway-port) is busy")
          .contains("choose another with --gateway-port");
      assertThat(out.toString()).doesNotContain("Starting");
    }
  }

  @Test
  void badOptionsAreNamed() {
    StringWriter err = new StringWriter();
    assertThat(
            DemoMain.execute(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err, true),
                "--traffic",
                "soon"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--traffic: 'soon' is not a duration");
    assertThat(
            DemoMain.execute(
                new PrintWriter(new StringWriter()), new PrintWriter(err, true), "--rate", "lots"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--rate'");
  }
}
