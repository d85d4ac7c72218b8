package dev.ficus.gateway.shadow;

import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.gateway.support.FicusHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Calls the side that did not serve. It has its own connection pool, so a slow or dead shadow side
 * can never take the connections of primary calls, and it keeps at most a bounded part of each
 * answer.
 */
public final class ShadowClient implements AutoCloseable {

  /** Marks every shadow request, so a service can suppress side effects. */
  public static final String SHADOW_HEADER = "X-Ficus-Shadow";

  private static final Set<String> NOT_FORWARDED =
      new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  static {
    NOT_FORWARDED.addAll(
        List.of(
            "host",
            "content-length",
            "connection",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "expect",
            "proxy-authorization",
            "proxy-authenticate"));
  }

  private final ConnectionProvider pool;
  private final HttpClient client;

  /**
   * The client with a route's timeouts, built once per pair: each of Reactor Netty's configuration
   * methods copies the whole configuration, which cost a shadow call three copies when it was done
   * per call.
   */
  private final Map<Timeouts, HttpClient> byTimeouts = new ConcurrentHashMap<>();

  private record Timeouts(Duration connect, Duration response) {}

  public ShadowClient(int maxConnections) {
    this.pool =
        ConnectionProvider.builder("ficus-shadow")
            .maxConnections(maxConnections)
            .pendingAcquireMaxCount(maxConnections * 2)
            .pendingAcquireTimeout(Duration.ofSeconds(5))
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    this.client = HttpClient.create(pool).compress(false);
  }

  /**
   * Sends the request to {@code base} and records the answer; never signals an error (a failure is
   * a failed {@link RecordedResponse}).
   */
  public Mono<RecordedResponse> call(
      URI base,
      String method,
      String pathAndQuery,
      HttpHeaders clientHeaders,
      byte[] body,
      Duration connectTimeout,
      Duration responseTimeout,
      long maxBodyBytes) {
    return call(
        base,
        method,
        pathAndQuery,
        clientHeaders,
        body,
        connectTimeout,
        responseTimeout,
        maxBodyBytes,
        "true");
  }

  /**
   * The same, marked with {@code X-Ficus-Shadow: marker} ({@code dual-write} for a write sent to
   * both sides, {@code read-back} for the read that checks it).
   */
  public Mono<RecordedResponse> call(
      URI base,
      String method,
      String pathAndQuery,
      HttpHeaders clientHeaders,
      byte[] body,
      Duration connectTimeout,
      Duration responseTimeout,
      long maxBodyBytes,
      String marker) {
    long start = System.nanoTime();
    Duration limit = connectTimeout.plus(responseTimeout).multipliedBy(2);
    long deadline = start + limit.toNanos();
    Mono<RecordedResponse> call =
        configured(connectTimeout, responseTimeout)
            .request(io.netty.handler.codec.http.HttpMethod.valueOf(method))
            .uri(base.resolve(pathAndQuery))
            .send(
                (request, outbound) -> {
                  io.netty.handler.codec.http.HttpHeaders headers = request.requestHeaders();
                  clientHeaders.forEach(
                      (name, values) -> {
                        if (!NOT_FORWARDED.contains(name) && !FicusHeaders.own(name)) {
                          headers.add(name, values);
                        }
                      });
                  headers.set(SHADOW_HEADER, marker);
                  return outbound.send(framed(headers, clientHeaders, method, body));
                })
            .response(
                (response, content) -> {
                  String contentType = response.responseHeaders().get("Content-Type");
                  Map<String, List<String>> headers = new LinkedHashMap<>();
                  response
                      .responseHeaders()
                      .forEach(
                          header ->
                              headers
                                  .computeIfAbsent(
                                      header.getKey().toLowerCase(Locale.ROOT),
                                      k -> new ArrayList<>())
                                  .add(header.getValue()));
                  return content
                      .reduce(new Accumulator(maxBodyBytes, deadline), Accumulator::add)
                      .map(
                          accumulated ->
                              RecordedResponse.answered(
                                  response.status().code(),
                                  headers,
                                  accumulated.body(contentType),
                                  Duration.ofNanos(System.nanoTime() - start)));
                })
            .next();
    // Reactor Netty bounds the connect and every wait for the answer's next part, and the
    // accumulator the answer as a whole; only a body on the way out could still stall, so only
    // a call with one gets a timer (a timer task and its description per call cost 3% of a shadow's
    // CPU).
    if (body != null && body.length > 0) {
      call = call.timeout(limit);
    }
    return call.onErrorResume(
        error ->
            Mono.just(
                RecordedResponse.failed(
                    describe(error, responseTimeout),
                    Duration.ofNanos(System.nanoTime() - start))));
  }

  /**
   * The body framed as the client framed it: with its length when the client sent one (servers that
   * read a body by its length, as many older stacks do, cannot read a chunked one), chunked only
   * when the client sent it chunked. Headers that describe the body are forwarded as sent.
   */
  static org.reactivestreams.Publisher<ByteBuf> framed(
      io.netty.handler.codec.http.HttpHeaders headers,
      HttpHeaders clientHeaders,
      String method,
      byte[] body) {
    boolean chunked = clientHeaders.containsHeaderValue(HttpHeaders.TRANSFER_ENCODING, "chunked");
    if (chunked) {
      // Reactor Netty frames a body given as a Mono by its length, and one given as a Flux in
      // chunks.
      headers.set(HttpHeaders.TRANSFER_ENCODING, "chunked");
      return body == null || body.length == 0
          ? reactor.core.publisher.Flux.empty()
          : reactor.core.publisher.Flux.just(io.netty.buffer.Unpooled.wrappedBuffer(body));
    }
    if (body != null && body.length > 0) {
      headers.setInt(HttpHeaders.CONTENT_LENGTH, body.length);
    } else if (clientHeaders.getContentLength() == 0 || !isBodiless(method)) {
      headers.setInt(HttpHeaders.CONTENT_LENGTH, 0);
    }
    return body == null || body.length == 0
        ? Mono.empty()
        : Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body));
  }

  private static boolean isBodiless(String method) {
    return method.equals("GET")
        || method.equals("HEAD")
        || method.equals("OPTIONS")
        || method.equals("DELETE")
        || method.equals("TRACE");
  }

  private HttpClient configured(Duration connectTimeout, Duration responseTimeout) {
    Timeouts key = new Timeouts(connectTimeout, responseTimeout);
    HttpClient configured = byTimeouts.get(key);
    if (configured == null) {
      configured =
          byTimeouts.computeIfAbsent(
              key,
              k ->
                  client
                      .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) k.connect().toMillis())
                      .responseTimeout(k.response()));
    }
    return configured;
  }

  static String describe(Throwable error, Duration responseTimeout) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof ReadTimeoutException
          || t instanceof ConnectTimeoutException
          || t.getClass().getSimpleName().contains("Timeout")) {
        return "timeout: no answer within " + responseTimeout.toMillis() + " ms";
      }
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "call failed: "
        + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  @Override
  public void close() {
    pool.dispose();
  }

  /** An answer that went on arriving past the call's deadline. */
  static final class AnswerTimeoutException extends RuntimeException {
    AnswerTimeoutException() {
      super("the answer was still arriving at the call's deadline", null, false, false);
    }
  }

  /** Bounded copy of a streamed body, taken before the call's deadline. */
  private static final class Accumulator {
    private final long limit;
    private final long deadline;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long seen;

    Accumulator(long limit, long deadline) {
      this.limit = limit;
      this.deadline = deadline;
    }

    Accumulator add(ByteBuf part) {
      if (System.nanoTime() - deadline > 0) {
        throw new AnswerTimeoutException();
      }
      int readable = part.readableBytes();
      long room = limit - seen;
      seen += readable;
      if (room > 0) {
        int n = (int) Math.min(room, readable);
        byte[] copy = new byte[n];
        part.getBytes(part.readerIndex(), copy);
        bytes.write(copy, 0, n);
      }
      return this;
    }

    Body body(String contentType) {
      return new Body(bytes.toByteArray(), contentType, seen, seen > limit);
    }
  }

  @Override
  public String toString() {
    return "ShadowClient[" + pool + "]";
  }
}
