package dev.ficus.gateway.capture;

import dev.ficus.compare.capture.CaptureWriter;
import dev.ficus.compare.capture.CapturedExchange;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.ContentDecoding;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.gateway.route.MigrationRoute;
import dev.ficus.gateway.shadow.ShadowSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;

/**
 * Decides which requests are recorded (sticky per user, per route) and hands their exchanges to the
 * {@link CaptureWriter}, bodies cut to the capture limit and decoded. Never throws at the request:
 * a record that cannot be made is logged and counted as failed by the writer.
 */
public final class CaptureRecorder {

  private static final Logger log = LoggerFactory.getLogger(CaptureRecorder.class);

  /** Connection-level headers that say nothing about the request itself. */
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "proxy-connection");

  private final CaptureWriter writer;

  /**
   * @param writer where records go; null when capture is off everywhere
   */
  public CaptureRecorder(CaptureWriter writer) {
    this.writer = writer;
  }

  /** Whether this request of {@code route} is to be recorded. */
  public boolean sampled(MigrationRoute route, Optional<String> userId) {
    return writer != null
        && route.capture().enabled()
        && ShadowSampler.sampled(
            "capture\u0000" + route.id(), userId, route.capture().sampleRate());
  }

  /** The client's request headers worth replaying: all but the connection-level ones. */
  public static Map<String, List<String>> requestHeaders(HttpHeaders headers) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (!HOP_BY_HOP.contains(lower)) {
            result.computeIfAbsent(lower, k -> new ArrayList<>()).addAll(values);
          }
        });
    return result;
  }

  /**
   * Records an exchange.
   *
   * @param outcome the comparison's outcome label, {@code skipped:REASON}, or null when the request
   *     was not compared
   * @param differences the differing paths of a mismatch
   */
  public void record(
      MigrationRoute route, RecordedExchange exchange, String outcome, List<String> differences) {
    if (writer == null) {
      return;
    }
    try {
      long limit = route.capture().maxBodyBytes();
      RecordedRequest request = exchange.request();
      RecordedExchange bounded =
          new RecordedExchange(
              new RecordedRequest(
                  request.method(),
                  request.path(),
                  request.query(),
                  request.headers(),
                  cut(request.body(), limit)),
              bounded(exchange.legacy(), limit),
              bounded(exchange.fresh(), limit),
              exchange.routeId(),
              exchange.servingSide(),
              exchange.userHash(),
              exchange.traceId(),
              exchange.time());
      writer.offer(new CapturedExchange(bounded, outcome, differences));
    } catch (RuntimeException e) {
      log.warn(
          "Could not record an exchange of route {} (trace {}): {}",
          route.id(),
          exchange.traceId(),
          e.toString());
    }
  }

  public Optional<CaptureWriter.Status> status() {
    return writer == null ? Optional.empty() : Optional.of(writer.status());
  }

  /** Bodies are stored decoded, so a compressed answer reads (and compares) as its content. */
  private static RecordedResponse bounded(RecordedResponse response, long limit) {
    if (response == null || response.failed()) {
      return response;
    }
    Map<String, List<String>> headers = response.headers();
    Body body = response.body();
    String encoding = response.header("content-encoding");
    if (encoding != null && !body.truncated()) {
      Body decoded = ContentDecoding.decode(body, encoding, limit);
      if (decoded != body || !looksEncoded(body.bytes())) {
        body = decoded;
        headers = new LinkedHashMap<>(headers);
        headers.remove("content-encoding");
        headers.remove("content-length");
      }
    }
    return new RecordedResponse(
        response.status(), headers, cut(body, limit), response.latency(), null);
  }

  /** gzip's magic number or a zlib header: bytes still compressed. */
  private static boolean looksEncoded(byte[] bytes) {
    if (bytes.length < 2) {
      return false;
    }
    int first = bytes[0] & 0xff;
    int second = bytes[1] & 0xff;
    return (first == 0x1f && second == 0x8b) || (first == 0x78 && (first * 256 + second) % 31 == 0);
  }

  private static Body cut(Body body, long limit) {
    if (body.bytes().length <= limit) {
      return body;
    }
    return new Body(
        Arrays.copyOf(body.bytes(), (int) limit), body.contentType(), body.length(), true);
  }

  /** Writes every accepted record, then closes the last file. */
  public void close() {
    if (writer != null) {
      writer.close();
      CaptureWriter.Status status = writer.status();
      log.info(
          "Capture closed: {} records written, {} dropped, {} failed, in {}",
          status.written(),
          status.dropped(),
          status.failed(),
          status.dir().toAbsolutePath());
    }
  }

  @Override
  public String toString() {
    return "CaptureRecorder[" + (writer == null ? "off" : writer) + "]";
  }
}
