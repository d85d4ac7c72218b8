package dev.ficus.fleet.services;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The new services honour the fleet app's contract, the same pact the legacy adapter verifies. */
@Provider("fleet-api")
@PactFolder("../contract/pacts")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FleetApiContractIT {

  @LocalServerPort int port;

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(new HttpTestTarget("localhost", port));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void honoursTheFleetAppsContract(PactVerificationContext context) {
    context.verifyInteraction();
  }

  /** Every state the contract names holds in the data set both sides are seeded from. */
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
