package dev.ficus.gateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * An upstream that streams: it digests uploads without keeping them and generates downloads of any
 * size, so a 100 MB body crosses the gateway while neither end holds it in memory.
 */
public final class StreamingBackend implements AutoCloseable {

  private final HttpServer server;

  public StreamingBackend() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/big/upload", this::upload);
    server.createContext("/big/download", this::download);
    server.createContext("/big/chunked", this::chunked);
    server.createContext("/parts/halves", this::halves);
    server.createContext("/parts/cut", this::cut);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void upload(HttpExchange exchange) throws IOException {
    String digest = GeneratedBytes.digest(exchange.getRequestBody());
    String transfer = String.valueOf(exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
    respond(exchange, digest + " " + transfer);
  }

  private void download(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getQuery();
    long size = Long.parseLong(query.replaceAll(".*bytes=(\\d+).*", "$1"));
    long seed = Long.parseLong(query.replaceAll(".*seed=(\\d+).*", "$1"));
    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(200, size);
    try (OutputStream out = exchange.getResponseBody()) {
      new GeneratedBytes(size, seed).transferTo(out);
    }
  }

  private void chunked(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; i < 5; i++) {
        out.write(("part-" + i + ";").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }
  }

  /** A 10-byte answer sent in two halves, the second 300 ms after the first. */
  private void halves(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 10);
    OutputStream out = exchange.getResponseBody();
    out.write("01234".getBytes(StandardCharsets.UTF_8));
    out.flush();
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.write("56789".getBytes(StandardCharsets.UTF_8));
    out.close();
  }

  /** An answer that promises 100 bytes, sends 50 and ends the connection. */
  private void cut(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 100);
    OutputStream out = exchange.getResponseBody();
    out.write(new byte[50]);
    out.flush();
    // Closing short of the promised length ends the connection.
    out.close();
  }

  private static void respond(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
