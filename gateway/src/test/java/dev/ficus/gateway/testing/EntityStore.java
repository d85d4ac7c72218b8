package dev.ficus.gateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful stand-in service on a real loopback port: JSON entities under {@code /{collection}},
 * created by POST (201, the entity with its id, and a {@code Location}), read by GET, replaced by
 * PUT, removed by DELETE (204, then 404). It keeps every request it got, to count what reached it.
 * Its faults are set per instance: ids of its own, a storage bug, failing writes, reads that lag.
 */
public final class EntityStore implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A request as the store got it. */
  public record Received(String method, String path, Map<String, List<String>> headers) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  private final HttpServer server;
  private final Map<String, ObjectNode> entities = new ConcurrentHashMap<>();
  private final Map<String, Long> writtenAt = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private final Function<Integer, String> ids;
  private volatile UnaryOperator<ObjectNode> storage = UnaryOperator.identity();
  private volatile int writeStatus;
  private volatile long readLagMillis;

  private EntityStore(Function<Integer, String> ids) {
    this.ids = ids;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::handle);
    server.start();
  }

  /** A store naming its entities {@code prefix1}, {@code prefix2}, ... */
  public static EntityStore numbered(String prefix) {
    return new EntityStore(n -> prefix + n);
  }

  /** A store naming its entities by random UUIDs, as a new service often does. */
  public static EntityStore uuids() {
    return new EntityStore(n -> java.util.UUID.randomUUID().toString());
  }

  /** Stores what {@code bug} makes of an entity, while answering the entity as it was sent. */
  public EntityStore storing(UnaryOperator<ObjectNode> bug) {
    this.storage = bug;
    return this;
  }

  /** Answers every write with this status and takes none. */
  public EntityStore failingWrites(int status) {
    this.writeStatus = status;
    return this;
  }

  /** An entity is readable only this long after its write, as an eventually consistent read. */
  public EntityStore readsLagging(long millis) {
    this.readLagMillis = millis;
    return this;
  }

  public String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> received(String method) {
    return received.stream().filter(r -> r.method().equals(method)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      Map<String, List<String>> headers = new java.util.TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
      received.add(new Received(method, path, headers));
      byte[] body = exchange.getRequestBody().readAllBytes();
      String[] segments = path.substring(1).split("/");
      String collection = segments[0];
      String key = segments.length > 1 ? collection + "/" + segments[1] : null;
      if (!method.equals("GET") && writeStatus != 0) {
        send(exchange, writeStatus, "{\"error\":\"storage unavailable\"}");
        return;
      }
      switch (method) {
        case "POST" -> {
          String id = ids.apply(sequence.incrementAndGet());
          ObjectNode entity = (ObjectNode) JSON.readTree(body);
          entity.put("id", id);
          store(collection + "/" + id, entity);
          exchange.getResponseHeaders().set("Location", "/" + collection + "/" + id);
          send(exchange, 201, JSON.writeValueAsString(entity));
        }
        case "PUT" -> {
          if (key == null || !entities.containsKey(key)) {
            send(exchange, 404, "{\"error\":\"no such entity\"}");
            return;
          }
          ObjectNode entity = (ObjectNode) JSON.readTree(body);
          entity.put("id", segments[1]);
          store(key, entity);
          send(exchange, 200, JSON.writeValueAsString(entity));
        }
        case "DELETE" -> {
          if (key == null || entities.remove(key) == null) {
            send(exchange, 404, "{\"error\":\"no such entity\"}");
            return;
          }
          exchange.sendResponseHeaders(204, -1);
        }
        case "GET" -> {
          ObjectNode entity = key == null ? null : entities.get(key);
          Long at = key == null ? null : writtenAt.get(key);
          if (entity == null || (at != null && System.currentTimeMillis() - at < readLagMillis)) {
            send(exchange, 404, "{\"error\":\"no such entity\"}");
            return;
          }
          send(exchange, 200, JSON.writeValueAsString(entity));
        }
        default -> send(exchange, 405, "{}");
      }
    }
  }

  private void store(String key, ObjectNode entity) {
    entities.put(key, storage.apply(entity.deepCopy()));
    writtenAt.put(key, System.currentTimeMillis());
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  @Override
  public String toString() {
    return "EntityStore[" + uri() + ", " + entities.size() + " entities]";
  }
}
