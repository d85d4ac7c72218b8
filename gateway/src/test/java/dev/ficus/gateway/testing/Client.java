package dev.ficus.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** A plain HTTP/1.1 client against the gateway's real port, as a user's client would call it. */
public final class Client {

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;

  public Client(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(60));
  }

  public HttpResponse<String> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder request = request(pathAndQuery).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code count} calls on a few threads and returns their results in order. */
  public static <T> List<T> inParallel(int count, IntFunction<T> call) {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<T>> futures =
          java.util.stream.IntStream.range(0, count)
              .mapToObj(i -> pool.submit((Callable<T>) () -> call.apply(i)))
              .toList();
      List<T> results = new java.util.ArrayList<>(count);
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }
}
