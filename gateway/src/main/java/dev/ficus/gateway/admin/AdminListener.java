package dev.ficus.gateway.admin;

import dev.ficus.gateway.support.FicusPaths;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * {@code ficus.admin.port}: the admin API, the fleet view, the console and the actuator on a
 * listener of their own, so the public one serves the monolith and the routes only. On the public
 * port every {@code /ficus/} path but health answers 404; on the admin port every other path does,
 * and nothing is proxied from it. The admin listener serves the application's own handler, so the
 * admin tokens and every answer are the same as on one port.
 */
public final class AdminListener implements WebFilter, Ordered, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AdminListener.class);
  private static final String HEALTH = "/ficus/actuator/health";

  private final int port;
  private final String address;
  private final java.util.function.Supplier<HttpHandler> handler;
  private volatile DisposableServer server;

  /**
   * @param port the admin port
   * @param address the address it listens on
   * @param handler the application's handler (every filter and controller)
   */
  public AdminListener(int port, String address, java.util.function.Supplier<HttpHandler> handler) {
    this.port = port;
    this.address = address;
    this.handler = handler;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    InetSocketAddress local = exchange.getRequest().getLocalAddress();
    boolean onAdminPort = local != null && local.getPort() == port;
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    boolean own = FicusPaths.reserved(path);
    if (onAdminPort && !own) {
      return Problems.write(
          exchange,
          HttpStatus.NOT_FOUND,
          "urn:ficus:problem:admin-port",
          "Not served on the admin port",
          "The admin port (ficus.admin.port) serves /ficus/ only; send traffic to the public port");
    }
    if (!onAdminPort && own && !(path.equals(HEALTH) || path.startsWith(HEALTH + "/"))) {
      return Problems.write(
          exchange,
          HttpStatus.NOT_FOUND,
          "urn:ficus:problem:not-found",
          "Not found",
          "Ficus serves its admin API, console and metrics on its admin port (ficus.admin.port)");
    }
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    // Before the admin token filter: a token sent to the wrong port is not even looked at.
    return Ordered.HIGHEST_PRECEDENCE - 1;
  }

  @Override
  public void start() {
    server =
        HttpServer.create()
            .host(address)
            .port(port)
            .idleTimeout(Duration.ofSeconds(60))
            .handle(new ReactorHttpHandlerAdapter(handler.get()))
            .bindNow();
    log.info("Admin API, console and actuator on port {} (ficus.admin.port)", port);
  }

  @Override
  public void stop() {
    DisposableServer running = server;
    if (running != null) {
      running.disposeNow(Duration.ofSeconds(10));
      server = null;
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  @Override
  public String toString() {
    return "AdminListener[port " + port + "]";
  }
}
