package dev.ficus.fleet.services.billing;

import dev.ficus.fleet.Fares;
import dev.ficus.fleet.FleetFixture;
import dev.ficus.fleet.FleetFixture.Invoice;
import dev.ficus.fleet.services.common.ContextEnabled;
import dev.ficus.fleet.services.common.Envelope;
import dev.ficus.fleet.services.common.Fields;
import dev.ficus.fleet.services.common.Problems;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The billing context: invoices and the fare rule (rounding half to even). */
@RestController
@ContextEnabled("billing")
class BillingController {

  private static final BigDecimal MAX_DISTANCE_KM = new BigDecimal("1000");

  private final Map<String, Invoice> invoices;

  /** The distance of each invoiced trip: billing's own copy of what it charges for. */
  private final Map<String, BigDecimal> distances = new LinkedHashMap<>();

  BillingController() {
    FleetFixture fixture = FleetFixture.generate();
    invoices = fixture.invoicesById();
    fixture.trips().forEach(trip -> distances.put(trip.id(), trip.distanceKm()));
  }

  @GetMapping("/billing/invoices/{id}")
  Map<String, Object> invoice(@PathVariable String id) {
    Invoice invoice = invoices.get(id);
    if (invoice == null) {
      throw Problems.notFound("invoice", id);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", invoice.id());
    body.put("tripId", invoice.tripId());
    body.put("userId", invoice.userId());
    body.put("amount", Fares.current(distances.get(invoice.tripId())));
    body.put("currency", Fares.CURRENCY);
    body.put("status", invoice.status());
    body.put("issuedAt", invoice.issuedAt().toString());
    return Envelope.of(body);
  }

  @PostMapping("/billing/calculate")
  Map<String, Object> calculate(@RequestBody(required = false) JsonNode request) {
    JsonNode body = Fields.object(request);
    BigDecimal distance = Fields.positiveNumber(body, "distanceKm", MAX_DISTANCE_KM);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("distanceKm", distance);
    answer.put("amount", Fares.current(distance));
    answer.put("currency", Fares.CURRENCY);
    return Envelope.of(answer);
  }
}
