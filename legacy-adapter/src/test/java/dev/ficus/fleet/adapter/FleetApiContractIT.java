package dev.ficus.fleet.adapter;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The legacy adapter, in front of the monolith stand-in, honours the fleet app's contract: the same
 * pact the new services verify.
 */
@Provider("fleet-api")
@PactFolder("../contract/pacts")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FleetApiContractIT {

  static final WireMockServer monolith = Monolith.start();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void monolith(DynamicPropertyRegistry registry) {
    registry.add("monolith.url", () -> "http://127.0.0.1:" + monolith.port());
  }

  @AfterAll
  static void stop() {
    monolith.stop();
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(new HttpTestTarget("localhost", port));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void honoursTheFleetAppsContract(PactVerificationContext context) {
    context.verifyInteraction();
  }

  /** Every state the contract names holds in the monolith stand-in's data, the shared fixture. */
  @State({
    "vehicle V-001 exists",
    "vehicle V-002 exists",
    "vehicle V-999 does not exist",
    "the fleet has vehicles",
    "trip T-0001 exists",
    "user U-001 has trips",
    "user U-001 and vehicle V-001 exist",
    "user U-001 exists",
    "user U-002 exists",
    "invoice I-0001 exists"
  })
  void theSharedFixture() {}
}
