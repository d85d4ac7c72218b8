package dev.ficus.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the fleet app's users do all day, from a few hundred user ids: look at vehicles, their
 * trips, their profile and invoices, book now and then. Paced, with a fixed seed, so two runs ask
 * the same questions.
 */
final class Traffic {

  /** One kind of request and how often it comes, in percent. */
  private record Kind(String name, int weight) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind("vehicle", 18),
          new Kind("vehicles", 3),
          new Kind("fleet-status", 3),
          new Kind("diagnostics", 8),
          new Kind("trip", 20),
          new Kind("my-trips", 10),
          new Kind("tracking", 8),
          new Kind("book", 3),
          new Kind("user", 8),
          new Kind("preferences", 5),
          new Kind("update-preferences", 2),
          new Kind("invoice", 7),
          new Kind("invoice-status", 3),
          new Kind("settle", 1),
          new Kind("calculate", 1));

  /** Registered users from this number on book trips; their trip lists are not read. */
  static final int BOOKERS_FROM = 91;

  /** Invoice numbers asked for: those of completed trips, and a few that do not exist. */
  static final int INVOICES = 120;

  private static final String[] LANGUAGES = {"en", "de", "fr", "nl"};

  private final URI gateway;
  private final int users;
  private final double rate;
  private final HttpClient http;
  private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
  private final LongAdder sent = new LongAdder();

  /**
   * @param users how many user ids send requests: the platform's 100 registered users, the rest
   *     guests who only browse
   * @param rate requests per second
   */
  Traffic(URI gateway, int users, double rate) {
    this.gateway = gateway;
    this.users = users;
    this.rate = rate;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /** Sends requests for {@code duration}, then waits for the last answers. */
  void run(Duration duration) {
    Random random = new Random(20261126L);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    Semaphore inFlight = new Semaphore(64);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long count = 0;
    try {
      while (System.nanoTime() < end) {
        long due = start + (long) (count * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        HttpRequest request = next(random);
        inFlight.acquire();
        count++;
        pool.execute(
            () -> {
              try {
                HttpResponse<Void> response =
                    http.send(request, HttpResponse.BodyHandlers.discarding());
                statuses
                    .computeIfAbsent(Integer.toString(response.statusCode()), k -> new LongAdder())
                    .increment();
              } catch (Exception e) {
                statuses.computeIfAbsent("failed", k -> new LongAdder()).increment();
              } finally {
                sent.increment();
                inFlight.release();
              }
            });
      }
      inFlight.acquire(64);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Requests answered, by status code ({@code failed} when none came). */
  Map<String, Long> statuses() {
    Map<String, Long> result = new java.util.TreeMap<>();
    statuses.forEach((status, count) -> result.put(status, count.sum()));
    return result;
  }

  long sent() {
    return sent.sum();
  }

  private HttpRequest next(Random random) {
    int user = 1 + random.nextInt(users);
    boolean registered = user <= 100;
    String userId = registered ? String.format("U-%03d", user) : String.format("G-%03d", user);
    String path;
    String method = "GET";
    String body = null;
    Kind kind = pick(random);
    if (!registered && !kind.name().startsWith("vehicle") && !kind.name().equals("trip")) {
      // Guests only browse the fleet and look up trips.
      kind = KINDS.get(0);
    }
    if (kind.name().equals("book")) {
      // Only the last ten registered users book, and the demo never lists their trips: the monolith
      // stand-in keeps a booked trip to read it back, but not in the user's trip list, so a trip
      // booked on the new side would show up as an extra item there (which is what Ficus would
      // report in a real migration that writes to two stores).
      userId = String.format("U-%03d", BOOKERS_FROM + random.nextInt(100 - BOOKERS_FROM + 1));
    } else if (kind.name().equals("my-trips") && user >= BOOKERS_FROM && user <= 100) {
      userId = String.format("U-%03d", 1 + random.nextInt(BOOKERS_FROM - 1));
    }
    String vehicle = String.format("V-%03d", 1 + random.nextInt(60));
    String trip = String.format("T-%04d", 1 + random.nextInt(200));
    switch (kind.name()) {
      case "vehicle" -> path = "/vehicles/" + vehicle;
      case "vehicles" -> path = "/vehicles";
      case "fleet-status" -> path = "/fleet/status";
      case "diagnostics" -> path = "/diagnostics/" + vehicle;
      case "trip" -> path = "/trips/" + trip;
      case "my-trips" -> path = "/trips?userId=" + userId;
      case "tracking" -> path = "/tracking/" + trip;
      case "book" -> {
        method = "POST";
        path = "/trips";
        body =
            String.format(
                Locale.ROOT,
                "{\"userId\":\"%s\",\"vehicleId\":\"%s\",\"distanceKm\":%d.%02d}",
                userId,
                vehicle,
                1 + random.nextInt(40),
                random.nextInt(100));
      }
      case "user" -> path = "/users/" + userId;
      case "preferences" -> path = "/users/" + userId + "/preferences";
      case "update-preferences" -> {
        method = "PUT";
        path = "/users/" + userId + "/preferences";
        body =
            String.format(
                "{\"language\":\"%s\",\"notifications\":%s}",
                LANGUAGES[random.nextInt(LANGUAGES.length)], random.nextBoolean());
      }
      case "invoice" ->
          path = String.format("/billing/invoices/I-%04d", 1 + random.nextInt(INVOICES));
      case "invoice-status", "settle" -> {
        // An accounting system's SOAP call: an invoice's status (a read) or its settlement.
        String operation = kind.name().equals("settle") ? "SettleInvoice" : "GetInvoiceStatus";
        return soap(operation, String.format("I-%04d", 1 + random.nextInt(INVOICES)), userId);
      }
      default -> {
        method = "POST";
        path = "/billing/calculate";
        body =
            String.format(
                Locale.ROOT,
                "{\"distanceKm\":%d.%02d}",
                1 + random.nextInt(40),
                random.nextInt(100));
      }
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(gateway.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .header("X-User-Id", userId)
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return request.build();
  }

  /** A SOAP 1.1 call to billing's service for accounting systems. */
  private HttpRequest soap(String operation, String invoiceNo, String userId) {
    String envelope =
        "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:bil=\"urn:fleet:billing:1\"><soapenv:Body><bil:"
            + operation
            + "><bil:invoiceNo>"
            + invoiceNo
            + "</bil:invoiceNo></bil:"
            + operation
            + "></soapenv:Body></soapenv:Envelope>";
    return HttpRequest.newBuilder(gateway.resolve("/billing/soap"))
        .timeout(Duration.ofSeconds(10))
        .header("X-User-Id", userId)
        .header("Content-Type", "text/xml; charset=utf-8")
        .header("SOAPAction", "\"" + operation + "\"")
        .POST(HttpRequest.BodyPublishers.ofString(envelope))
        .build();
  }

  private static Kind pick(Random random) {
    int roll = random.nextInt(100);
    for (Kind kind : KINDS) {
      roll -= kind.weight();
      if (roll < 0) {
        return kind;
      }
    }
    return KINDS.get(0);
  }
}
