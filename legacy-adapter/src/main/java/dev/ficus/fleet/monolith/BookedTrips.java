package dev.ficus.fleet.monolith;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The monolith stand-in's memory of the trips booked through it: a WireMock extension that numbers
 * each booking ({@code T-5000} on, in place of the booking stub's {@value #BOOKED} placeholder),
 * keeps the trip the booking stub answered, and answers {@code GET /legacy/api/v1/trips/{id}} for
 * it afterwards as the monolith answers a stored trip. Without it a trip booked on legacy could not
 * be read back, which stage {@code dual-write} does.
 *
 * <p>Attached by name to the stubs that use it ({@code transformers} and {@code
 * serveEventListeners} on the booking stub, {@code transformers} on the booked-trip read stub),
 * never globally. Loaded in the demo with {@code --extensions
 * dev.ficus.fleet.monolith.BookedTrips}, from the adapter's {@code monolith} jar.
 */
public final class BookedTrips implements ServeEventListener, ResponseDefinitionTransformerV2 {

  /** The name the mappings use. */
  public static final String NAME = "booked-trips";

  /** The booking stub's trip id, numbered here. */
  public static final String BOOKED = "T-BOOKED";

  /** The first booked trip's number; the fixture's trips stay below it. */
  static final int FIRST = 5000;

  /** How many numbers there are before they wrap (the public contract's ids have four digits). */
  static final int NUMBERS = 5000;

  private final Map<String, Object> trips = new ConcurrentHashMap<>();
  private final AtomicInteger booked = new AtomicInteger();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  /** After the booking stub answered: keeps the booked trip, when the monolith took the booking. */
  @Override
  public void afterComplete(ServeEvent event, Parameters parameters) {
    if (event.getResponse() == null) {
      return;
    }
    Map<?, ?> answer = Json.read(event.getResponse().getBodyAsString(), Map.class);
    if (Integer.valueOf(201).equals(answer.get("status_code"))
        && answer.get("trip") instanceof Map<?, ?> trip
        && trip.get("trip_id") instanceof String id) {
      trips.put(id, trip);
    }
  }

  /** Numbers a booking, or answers a read of a booked trip (or the monolith's "no such trip"). */
  @Override
  public ResponseDefinition transform(ServeEvent event) {
    ResponseDefinition stub = event.getResponseDefinition();
    if (!"GET".equals(event.getRequest().getMethod().getName())) {
      String id = "T-" + (FIRST + Math.floorMod(booked.getAndIncrement(), NUMBERS));
      return ResponseDefinitionBuilder.like(stub)
          .but()
          .withBody(stub.getBody().replace(BOOKED, id))
          .build();
    }
    String path = event.getRequest().getUrl();
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    String id = path.substring(path.lastIndexOf('/') + 1);
    Object trip = trips.get(id);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("status_code", trip == null ? 404 : 200);
    answer.put("request_id", UUID.randomUUID().toString());
    answer.put("server_time", System.currentTimeMillis());
    if (trip == null) {
      answer.put("error_message", "no such trip");
    } else {
      answer.put("trip", trip);
    }
    return ResponseDefinitionBuilder.like(stub).but().withBody(Json.write(answer)).build();
  }
}
