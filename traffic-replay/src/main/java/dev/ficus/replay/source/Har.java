package dev.ficus.replay.source;

import dev.ficus.compare.Side;
import dev.ficus.compare.capture.CapturedExchange;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedRequest;
import dev.ficus.compare.exchange.RecordedResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HAR 1.2 files, as browsers and proxies save them: each entry imports as an exchange whose
 * recorded answer is legacy's; captures export to HAR with the answer the client got.
 */
public final class Har {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Har() {}

  /**
   * Reads every entry of a HAR file; an entry that cannot be read is reported to {@code bad} with
   * its index and the rest are still read.
   *
   * @throws IOException when the file cannot be read or is not a HAR file at all
   */
  public static List<CapturedExchange> read(Path file, Consumer<String> bad) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (JacksonException e) {
      throw new IOException(
          file + ": is not a HAR file (not JSON: " + e.getOriginalMessage() + ")");
    }
    JsonNode entries = root == null ? null : root.path("log").get("entries");
    if (entries == null || !entries.isArray()) {
      throw new IOException(file + ": is not a HAR file (no log.entries array)");
    }
    List<CapturedExchange> exchanges = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      try {
        exchanges.add(new CapturedExchange(entry(entries.get(i)), null));
      } catch (IllegalArgumentException e) {
        bad.accept(file + ": log.entries[" + i + "]: " + e.getMessage());
      } catch (JacksonException e) {
        // A field of another type than HAR gives it (an object where a string belongs, ...).
        bad.accept(file + ": log.entries[" + i + "]: " + e.getOriginalMessage());
      }
    }
    return exchanges;
  }

  private static RecordedExchange entry(JsonNode entry) {
    JsonNode request = entry.path("request");
    String method = request.path("method").asString("");
    String url = request.path("url").asString("");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("request.url '" + url + "' is not a URL");
    }
    if (method.isBlank() || uri.getRawPath() == null) {
      throw new IllegalArgumentException("needs request.method and an absolute request.url");
    }
    Map<String, List<String>> requestHeaders = headers(request.path("headers"));
    JsonNode postData = request.path("postData");
    Body requestBody =
        postData.isObject() && postData.hasNonNull("text")
            ? Body.of(
                postData.get("text").asString().getBytes(StandardCharsets.UTF_8),
                postData.path("mimeType").asString(null))
            : Body.empty(null);
    RecordedRequest recorded =
        new RecordedRequest(
            method.toUpperCase(Locale.ROOT),
            uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(),
            uri.getRawQuery(),
            requestHeaders,
            requestBody);
    JsonNode response = entry.path("response");
    int status = response.path("status").asInt(0);
    RecordedResponse answer = null;
    if (status >= 100 && status <= 599) {
      JsonNode content = response.path("content");
      String text = content.path("text").asString(null);
      byte[] bytes =
          text == null
              ? new byte[0]
              : "base64".equals(content.path("encoding").asString(null))
                  ? Base64.getDecoder().decode(text)
                  : text.getBytes(StandardCharsets.UTF_8);
      answer =
          RecordedResponse.answered(
              status,
              headers(response.path("headers")),
              Body.of(bytes, content.path("mimeType").asString(null)),
              Duration.ofNanos((long) (entry.path("time").asDouble(0) * 1_000_000)));
    }
    Instant time = null;
    if (entry.hasNonNull("startedDateTime")) {
      try {
        time = OffsetDateTime.parse(entry.get("startedDateTime").asString()).toInstant();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "startedDateTime '" + entry.get("startedDateTime").asString() + "' is not ISO-8601");
      }
    }
    return new RecordedExchange(recorded, answer, null, null, Side.LEGACY, null, null, time);
  }

  private static Map<String, List<String>> headers(JsonNode list) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (list.isArray()) {
      for (JsonNode header : list) {
        String name = header.path("name").asString("");
        // HTTP/2 pseudo-headers (:authority, :path) are not headers to send again.
        if (!name.isEmpty() && !name.startsWith(":")) {
          headers
              .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
              .add(header.path("value").asString(""));
        }
      }
    }
    return headers;
  }

  /** Writes exchanges as a HAR 1.2 file, each with the answer its client got. */
  public static void write(Iterable<CapturedExchange> exchanges, OutputStream out) {
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeName("log");
      json.writeStartObject();
      json.writeStringProperty("version", "1.2");
      json.writeName("creator");
      json.writeStartObject();
      json.writeStringProperty("name", "Ficus");
      json.writeStringProperty("version", "1");
      json.writeEndObject();
      json.writeArrayPropertyStart("entries");
      for (CapturedExchange captured : exchanges) {
        writeEntry(json, captured.exchange());
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeEndObject();
    }
  }

  private static void writeEntry(JsonGenerator json, RecordedExchange exchange) {
    RecordedRequest request = exchange.request();
    RecordedResponse response =
        exchange.servingSide() == Side.NEW && exchange.fresh() != null
            ? exchange.fresh()
            : exchange.legacy() != null ? exchange.legacy() : exchange.fresh();
    List<String> host = request.headers().get("host");
    String authority = host == null || host.isEmpty() ? "localhost" : host.get(0);
    double millis =
        response == null || response.latency() == null
            ? 0
            : response.latency().toNanos() / 1_000_000.0;
    json.writeStartObject();
    json.writeStringProperty(
        "startedDateTime", (exchange.time() == null ? Instant.EPOCH : exchange.time()).toString());
    json.writeNumberProperty("time", millis);
    json.writeName("request");
    json.writeStartObject();
    json.writeStringProperty("method", request.method());
    json.writeStringProperty("url", "http://" + authority + request.pathAndQuery());
    json.writeStringProperty("httpVersion", "HTTP/1.1");
    json.writeName("cookies");
    json.writeStartArray();
    json.writeEndArray();
    writeHeaders(json, request.headers());
    json.writeArrayPropertyStart("queryString");
    if (request.query() != null && !request.query().isEmpty()) {
      for (String pair : request.query().split("&")) {
        int equals = pair.indexOf('=');
        json.writeStartObject();
        json.writeStringProperty("name", equals < 0 ? pair : pair.substring(0, equals));
        json.writeStringProperty("value", equals < 0 ? "" : pair.substring(equals + 1));
        json.writeEndObject();
      }
    }
    json.writeEndArray();
    if (request.body().bytes().length > 0) {
      json.writeName("postData");
      json.writeStartObject();
      json.writeStringProperty(
          "mimeType", request.body().contentType() == null ? "" : request.body().contentType());
      json.writeStringProperty("text", new String(request.body().bytes(), StandardCharsets.UTF_8));
      json.writeEndObject();
    }
    json.writeNumberProperty("headersSize", -1);
    json.writeNumberProperty("bodySize", request.body().bytes().length);
    json.writeEndObject();
    json.writeName("response");
    json.writeStartObject();
    boolean answered = response != null && !response.failed();
    json.writeNumberProperty("status", answered ? response.status() : 0);
    json.writeStringProperty(
        "statusText", answered ? "" : response == null ? "" : response.error());
    json.writeStringProperty("httpVersion", "HTTP/1.1");
    json.writeName("cookies");
    json.writeStartArray();
    json.writeEndArray();
    writeHeaders(json, answered ? response.headers() : Map.of());
    json.writeName("content");
    json.writeStartObject();
    byte[] body = answered ? response.body().bytes() : new byte[0];
    json.writeNumberProperty("size", body.length);
    String type = answered ? response.header("content-type") : null;
    json.writeStringProperty("mimeType", type == null ? "" : type);
    String text = new String(body, StandardCharsets.UTF_8);
    if (java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), body)) {
      json.writeStringProperty("text", text);
    } else {
      json.writeStringProperty("text", Base64.getEncoder().encodeToString(body));
      json.writeStringProperty("encoding", "base64");
    }
    json.writeEndObject();
    json.writeStringProperty("redirectURL", answered ? orEmpty(response.header("location")) : "");
    json.writeNumberProperty("headersSize", -1);
    json.writeNumberProperty("bodySize", body.length);
    json.writeEndObject();
    json.writeName("cache");
    json.writeStartObject();
    json.writeEndObject();
    json.writeName("timings");
    json.writeStartObject();
    json.writeNumberProperty("send", 0);
    json.writeNumberProperty("wait", millis);
    json.writeNumberProperty("receive", 0);
    json.writeEndObject();
    json.writeEndObject();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static void writeHeaders(JsonGenerator json, Map<String, List<String>> headers) {
    json.writeArrayPropertyStart("headers");
    headers.forEach(
        (name, values) -> {
          for (String value : values) {
            json.writeStartObject();
            json.writeStringProperty("name", name);
            json.writeStringProperty("value", value);
            json.writeEndObject();
          }
        });
    json.writeEndArray();
  }
}
