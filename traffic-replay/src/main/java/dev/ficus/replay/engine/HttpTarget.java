package dev.ficus.replay.engine;

import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.ContentDecoding;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

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
  private final HttpClient client;
  private final Duration timeout;
  private final long maxBodyBytes;
  private final Map<String, String> extraHeaders;

  public HttpTarget(
      URI base,
      Executor executor,
      Duration timeout,
      long maxBodyBytes,
      Map<String, String> extraHeaders) {
    this.base = base;
    this.timeout = timeout;
    this.maxBodyBytes = maxBodyBytes;
    this.extraHeaders = Map.copyOf(extraHeaders);
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
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
    HttpRequest.Builder builder;
    long start = System.nanoTime();
    try {
      String basePath = base.getRawPath() == null ? "" : base.getRawPath();
      if (basePath.endsWith("/")) {
        basePath = basePath.substring(0, basePath.length() - 1);
      }
      URI target =
          URI.create(
              base.getScheme()
                  + "://"
                  + base.getRawAuthority()
                  + basePath
                  + request.pathAndQuery());
      byte[] body = request.body().bytes();
      builder =
          HttpRequest.newBuilder(target)
              .timeout(timeout)
              .method(
                  request.method(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      request
          .headers()
          .forEach(
              (name, values) -> {
                if (!NOT_SENT.contains(name) && !extraHeaders.containsKey(name)) {
                  for (String value : values) {
                    if (!value.equals(dev.ficus.compare.capture.Redaction.MARKER)) {
                      builder.header(name, value);
                    }
                  }
                }
              });
      extraHeaders.forEach(builder::header);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          RecordedResponse.failed("not sendable: " + e.getMessage(), Duration.ZERO));
    }
    return client
        .sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, error) -> {
              Duration latency = Duration.ofNanos(System.nanoTime() - start);
              if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                String message =
                    cause instanceof HttpTimeoutException
                        ? "timed out after " + timeout.toMillis() + " ms"
                        : cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                return RecordedResponse.failed(message, latency);
              }
              return answer(response, latency);
            });
  }

  private RecordedResponse answer(HttpResponse<byte[]> response, Duration latency) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.startsWith(":")) {
                headers.put(name.toLowerCase(Locale.ROOT), values);
              }
            });
    String contentType = response.headers().firstValue("content-type").orElse(null);
    byte[] bytes = response.body();
    Body body =
        bytes.length > maxBodyBytes
            ? new Body(Arrays.copyOf(bytes, (int) maxBodyBytes), contentType, bytes.length, true)
            : Body.of(bytes, contentType);
    String encoding = response.headers().firstValue("content-encoding").orElse(null);
    if (encoding != null && !body.truncated()) {
      body = ContentDecoding.decode(body, encoding, maxBodyBytes);
    }
    return RecordedResponse.answered(response.statusCode(), headers, body, latency);
  }

  @Override
  public String toString() {
    return "HttpTarget[" + base + "]";
  }
}
