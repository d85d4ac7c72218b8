package dev.ficus.fleet.adapter;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.fleet.monolith.BookedTrips;

/** The monolith stand-in for tests: the same WireMock mappings {@code ./ficus demo} serves. */
final class Monolith {

  private Monolith() {}

  static WireMockServer start() {
    WireMockServer server =
        new WireMockServer(
            wireMockConfig()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .usingFilesUnderDirectory("monolith")
                .globalTemplating(true)
                .extensions(new BookedTrips()));
    server.start();
    return server;
  }
}
