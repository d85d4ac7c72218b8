package dev.ficus.gateway.testing;

import dev.ficus.gateway.FicusGatewayApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * One gateway replica in the test's JVM, on its own port, with its own settings given as a user's
 * command line would give them; several replicas form a fleet. It can be restarted as a pod is.
 */
public final class Replica implements AutoCloseable {

  private final String name;
  private final Map<String, String> properties;
  private ConfigurableApplicationContext context;
  private Client client;
  private int lastPort;

  private Replica(String name, Map<String, String> properties) {
    this.name = name;
    this.properties = Map.copyOf(properties);
  }

  public static Replica start(String name, Map<String, String> properties) {
    Replica replica = new Replica(name, properties);
    replica.context = replica.run();
    return replica;
  }

  private ConfigurableApplicationContext run() {
    return run(0);
  }

  private ConfigurableApplicationContext run(int port) {
    List<String> args = new ArrayList<>();
    properties.forEach((key, value) -> args.add("--" + key + "=" + value));
    args.add("--server.port=" + port);
    return new SpringApplicationBuilder(FicusGatewayApplication.class)
        .web(WebApplicationType.REACTIVE)
        .initializers(Replica::ownNettyResources)
        .run(args.toArray(String[]::new));
  }

  /**
   * Each replica on Netty resources of its own: by default a Spring application uses Reactor
   * Netty's global ones and disposes them when it stops, which would stop every other replica in
   * this JVM with it (in production each replica has a JVM of its own).
   */
  private static void ownNettyResources(ConfigurableApplicationContext context) {
    context
        .getBeanFactory()
        .addBeanPostProcessor(
            new BeanPostProcessor() {
              @Override
              public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof ReactorResourceFactory resources) {
                  resources.setUseGlobalResources(false);
                }
                return bean;
              }
            });
  }

  /** Stops the replica and starts it again with the same settings (on a new port). */
  public Replica restart() {
    stop();
    context = run();
    return this;
  }

  /**
   * Starts a stopped replica again with the same settings on the port it had, as a pod behind its
   * service comes back: what a browser had open reaches it again.
   */
  public synchronized Replica startOnSamePort() {
    if (context != null) {
      throw new IllegalStateException(this + " is running");
    }
    context = run(lastPort);
    return this;
  }

  public synchronized void stop() {
    if (context != null) {
      lastPort = port();
      context.close();
      context = null;
      client = null;
    }
  }

  public int port() {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  /** One client per start: a JDK client per call would hold sockets and threads until GC. */
  public synchronized Client client() {
    if (client == null) {
      client = new Client(port());
    }
    return client;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public String name() {
    return name;
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "Replica[" + name + (context == null ? " stopped" : " :" + port()) + "]";
  }
}
