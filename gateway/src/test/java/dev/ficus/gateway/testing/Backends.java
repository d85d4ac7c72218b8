package dev.ficus.gateway.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Stand-in upstreams on real loopback ports. */
public final class Backends {

  private Backends() {}

  /**
   * A WireMock server that answers every request with its own name, in the body and in X-Backend.
   */
  public static WireMockServer named(String name) {
    WireMockServer server =
        new WireMockServer(
            wireMockConfig().dynamicPort().bindAddress("127.0.0.1").containerThreads(32));
    server.start();
    server.stubFor(
        any(anyUrl())
            .atPriority(10)
            .willReturn(aResponse().withStatus(200).withHeader("X-Backend", name).withBody(name)));
    return server;
  }

  /** A WireMock server with response templating on every stub, for answers built from requests. */
  public static WireMockServer templated(int threads) {
    WireMockServer server =
        new WireMockServer(
            wireMockConfig()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(threads)
                .globalTemplating(true));
    server.start();
    return server;
  }

  public static String uri(WireMockServer server) {
    return "http://127.0.0.1:" + server.port();
  }

  /** A loopback port nothing listens on, for an upstream that is down. */
  public static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A free loopback port below Linux's ephemeral range (32768 and up), for a second listener of a
   * gateway: a port from {@link #closedPort()} can be handed again to the gateway's own {@code
   * server.port=0} before the second listener binds it.
   */
  public static int listenerPort() {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = random.nextInt(20_000, 32_000);
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // another one
      }
    }
    throw new IllegalStateException("no free port between 20000 and 32000");
  }
}
