package dev.ficus.replay.engine;

import dev.ficus.compare.capture.Redaction;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.ContentDecoding;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/** One side of a replay: a base URL that recorded requests are sent to again. */
public final class HttpTarget {

  /** Headers the JDK client sets itself or refuses, and those the capture redacted. */
  private static final Set<String> NOT_SENT =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "keep-alive",
          "te",
          "trailer",
          "transfer-encoding",
          "http2-settings",
          "proxy-connection");

  private final URI base;

  /**
   * The origin and the base URL's path, without a trailing slash: what each request path follows.
   */
  private final String prefix;

  private final ConnectionProvider provider;
  private final HttpClient client;
  private final Duration timeout;
  private final long maxBodyBytes;
  private final Map<String, String> extraHeaders;

  /**
   * @param connections connections kept open at most (the replay's concurrency)
   */
  public HttpTarget(
      URI base,
      int connections,
      Duration timeout,
      long maxBodyBytes,
      Map<String, String> extraHeaders) {
    this.base = base;
    String origin = base.getScheme() + "://" + base.getRawAuthority();
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    this.prefix =
        origin + (basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath);
    this.timeout = timeout;
    this.maxBodyBytes = maxBodyBytes;
    this.extraHeaders = Map.copyOf(extraHeaders);
    this.provider =
        ConnectionProvider.builder("ficus-replay")
            .maxConnections(Math.max(1, connections))
            .pendingAcquireMaxCount(-1)
            .build();
    this.client =
        HttpClient.create(provider)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
            .responseTimeout(timeout)
            .followRedirect(false)
            .keepAlive(true);
  }

  public URI base() {
    return base;
  }

  /**
   * Checks that something listens at the base URL before a run starts.
   *
   * @return null when reachable, else why not
   */
  public String unreachable() {
    int port = base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(base.getHost(), port), 3_000);
      return null;
    } catch (IOException e) {
      return "cannot connect to " + base.getHost() + ":" + port + " (" + e.getMessage() + ")";
    }
  }

  /** Sends the request; the answer (or the failure) as a recorded response, never an exception. */
  public CompletableFuture<RecordedResponse> send(RecordedRequest request) {
    long start = System.nanoTime();
    URI target;
    HttpMethod method;
    try {
      target = URI.create(prefix + request.pathAndQuery());
      method = HttpMethod.valueOf(request.method());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          RecordedResponse.failed("not sendable: " + e.getMessage(), Duration.ZERO));
    }
    byte[] body = request.body().bytes();
    // The headers are set on the request itself: HttpClient.headers(...) would copy the client's
    // whole configuration for every exchange.
    return client
        .request(method)
        .uri(target)
        .send(
            (outgoing, outbound) -> {
              io.netty.handler.codec.http.HttpHeaders headers = outgoing.requestHeaders();
              request
                  .headers()
                  .forEach(
                      (name, values) -> {
                        if (!NOT_SENT.contains(name) && !extraHeaders.containsKey(name)) {
                          for (String value : values) {
                            if (!value.equals(Redaction.MARKER)) {
                              headers.add(name, value);
                            }
                          }
                        }
                      });
              extraHeaders.forEach(headers::set);
              // Framed as the client framed it: chunked only when it was sent chunked, else with
              // its length (which Reactor Netty sets for a body given whole).
              List<String> encoding = request.headers().get("transfer-encoding");
              if (encoding != null && encoding.stream().anyMatch(v -> v.contains("chunked"))) {
                // Reactor Netty frames a body given as a Flux in chunks.
                headers.set("transfer-encoding", "chunked");
                return outbound.send(
                    body.length == 0
                        ? reactor.core.publisher.Flux.empty()
                        : reactor.core.publisher.Flux.just(Unpooled.wrappedBuffer(body)));
              }
              if (body.length > 0 || Set.of("POST", "PUT", "PATCH").contains(method.name())) {
                headers.setInt("content-length", body.length);
              }
              return outbound.send(
                  body.length == 0 ? Mono.empty() : Mono.just(Unpooled.wrappedBuffer(body)));
            })
        .responseSingle(
            (response, content) ->
                content
                    .asByteArray()
                    .defaultIfEmpty(new byte[0])
                    .map(
                        bytes ->
                            answer(response, bytes, Duration.ofNanos(System.nanoTime() - start))))
        .onErrorResume(
            error ->
                Mono.just(
                    RecordedResponse.failed(
                        failure(error), Duration.ofNanos(System.nanoTime() - start))))
        .toFuture();
  }

  private String failure(Throwable error) {
    if (error instanceof ReadTimeoutException
        || error.getClass().getSimpleName().contains("Timeout")) {
      return "timed out after " + timeout.toMillis() + " ms";
    }
    return error.getClass().getSimpleName()
        + (error.getMessage() == null ? "" : ": " + error.getMessage());
  }

  private RecordedResponse answer(HttpClientResponse response, byte[] bytes, Duration latency) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    response
        .responseHeaders()
        .forEach(
            entry ->
                headers
                    .computeIfAbsent(
                        entry.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                    .add(entry.getValue()));
    String contentType = response.responseHeaders().get("content-type");
    Body body =
        bytes.length > maxBodyBytes
            ? new Body(Arrays.copyOf(bytes, (int) maxBodyBytes), contentType, bytes.length, true)
            : Body.of(bytes, contentType);
    String encoding = response.responseHeaders().get("content-encoding");
    if (encoding != null && !body.truncated()) {
      body = ContentDecoding.decode(body, encoding, maxBodyBytes);
    }
    return RecordedResponse.answered(response.status().code(), headers, body, latency);
  }

  /** Closes the connections. */
  public void close() {
    provider.disposeLater().block(Duration.ofSeconds(5));
  }

  @Override
  public String toString() {
    return "HttpTarget[" + base + "]";
  }
}
