package dev.ficus.gateway.shadow.reads;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.testing.Backends;
import dev.ficus.gateway.testing.Client;
import dev.ficus.gateway.testing.Routes;
import jakarta.xml.ws.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads that travel as POST, with a real SOAP stack (JAX-WS) and a real GraphQL engine on the new
 * side and the monolith's recorded answers on legacy: the declared reads are shadowed and compared
 * like GETs, the writes beside them are never sent to the new side.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadsAsPostIT {

  static final String TOKEN = "reads-admin-token";
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final WireMockServer legacy = Backends.templated(8);
  static final BillingEndpoint billing = new BillingEndpoint();
  static final int billingPort = Backends.closedPort();
  static final Endpoint soap =
      Endpoint.publish("http://127.0.0.1:" + billingPort + "/services/Billing", billing);
  static final GraphqlEndpoint graphql = graphql();

  @LocalServerPort int port;

  private static GraphqlEndpoint graphql() {
    try {
      return new GraphqlEndpoint();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void ficus(DynamicPropertyRegistry registry) {
    registry.add("ficus.legacy.uri", () -> Backends.uri(legacy));
    registry.add("ficus.admin.token", () -> TOKEN);
    registry.add("ficus.verdict.max-latency-effect", () -> "1");
    String soapRoute =
        Routes.route(
            registry,
            0,
            "billing-soap",
            "/services/Billing",
            "shadow",
            "http://127.0.0.1:" + billingPort);
    registry.add(soapRoute + "shadow.reads.soap-operations[0]", () -> "GetInvoice");
    String graphqlRoute =
        Routes.route(registry, 1, "trips-graphql", "/graphql", "shadow", graphql.uri());
    registry.add(graphqlRoute + "shadow.reads.graphql", () -> "queries");
  }

  @AfterAll
  static void stop() {
    soap.stop();
    graphql.close();
    legacy.stop();
  }

  private static String envelope(String operation, String id) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                          xmlns:b="urn:fleet:billing">
          <soapenv:Header/>
          <soapenv:Body><b:%s><id>%s</id></b:%s></soapenv:Body>
        </soapenv:Envelope>"""
        .formatted(operation, id, operation);
  }

  private JsonNode route(Client client, String id) {
    HttpResponse<String> response =
        client.get("/ficus/routes/" + id, "Authorization", "Bearer " + TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  void comparesTheSoapReadAgainstARealJaxWsServiceAndNeverSendsTheWriteTwice() {
    // The monolith's recorded answers: other prefixes, indentation, and the amount as it keeps it.
    legacy.stubFor(
        post(urlEqualTo("/services/Billing"))
            .withHeader("SOAPAction", containing("GetInvoice"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/xml; charset=utf-8")
                    .withBody(
                        """
                        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
                          <soap:Body>
                            <m:GetInvoiceResponse xmlns:m="urn:fleet:billing">
                              <invoice>
                                <currency>EUR</currency>
                                <id>{{xPath request.body '//id/text()'}}</id>
                                <amount>12.50</amount>
                              </invoice>
                            </m:GetInvoiceResponse>
                          </soap:Body>
                        </soap:Envelope>""")));
    legacy.stubFor(
        post(urlEqualTo("/services/Billing"))
            .withHeader("SOAPAction", containing("CancelInvoice"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/xml; charset=utf-8")
                    .withBody(
                        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                            + "<soap:Body><m:CancelInvoiceResponse xmlns:m=\"urn:fleet:billing\">"
                            + "<cancelled>true</cancelled></m:CancelInvoiceResponse></soap:Body>"
                            + "</soap:Envelope>")));
    Client client = new Client(port);
    for (int i = 1; i <= 12; i++) {
      HttpResponse<String> read =
          client.send(
              client
                  .request("/services/Billing")
                  .header("Content-Type", "text/xml; charset=utf-8")
                  .header("SOAPAction", "\"GetInvoice\"")
                  .header("X-User-Id", "u" + i)
                  .POST(HttpRequest.BodyPublishers.ofString(envelope("GetInvoice", "I-" + i)))
                  .build());
      assertThat(read.body()).contains("<amount>12.50</amount>");
    }
    for (int i = 1; i <= 4; i++) {
      HttpResponse<String> write =
          client.send(
              client
                  .request("/services/Billing")
                  .header("Content-Type", "text/xml; charset=utf-8")
                  .header("SOAPAction", "\"CancelInvoice\"")
                  .POST(HttpRequest.BodyPublishers.ofString(envelope("CancelInvoice", "I-" + i)))
                  .build());
      assertThat(write.body()).contains("<cancelled>true</cancelled>");
    }
    JsonNode report = awaitCompared(client, "billing-soap", 12);
    assertThat(report.path("comparisons").path("mismatch").asLong()).isEqualTo(1);
    assertThat(report.path("skipped").path("write_not_shadowed").asLong()).isEqualTo(4);
    assertThat(report.get("topDifferences").get(0).get("path").asString())
        .isEqualTo("/Envelope/Body/GetInvoiceResponse/invoice/amount");
    assertThat(billing.reads.get()).isEqualTo(12);
    assertThat(billing.cancels.get()).isZero();

    // The operation is a dimension of the evidence: one endpoint, two operations.
    assertThat(report.get("operations"))
        .extracting(
            o ->
                o.get("name").asString()
                    + " "
                    + o.path("comparisons").path("match").asLong()
                    + "/"
                    + o.path("comparisons").path("mismatch").asLong()
                    + "/"
                    + o.path("skipped").path("write_not_shadowed").asLong())
        .containsExactly("CancelInvoice 0/0/4", "GetInvoice 11/1/0");
    JsonNode getInvoice =
        JSON.readTree(
            client
                .get(
                    "/ficus/routes/billing-soap?operation=GetInvoice",
                    "Authorization",
                    "Bearer " + TOKEN)
                .body());
    assertThat(getInvoice.get("operation").asString()).isEqualTo("GetInvoice");
    assertThat(getInvoice.path("comparisons").path("mismatch").asLong()).isEqualTo(1);
    assertThat(getInvoice.path("verdict").path("status").asString()).isEqualTo("NOT_READY");
    HttpResponse<String> unknown =
        client.get(
            "/ficus/routes/billing-soap?operation=ListTrips", "Authorization", "Bearer " + TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body())
        .contains("has seen no request of operation 'ListTrips'", "CancelInvoice", "GetInvoice");
  }

  @Test
  void comparesGraphqlQueriesAgainstGraphqlJavaAndNeverSendsAMutationTwice() {
    legacy.stubFor(
        post(urlEqualTo("/graphql"))
            .withRequestBody(containing("query"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"data\": {\"trip\": {\"fare\": 10.0, \"id\": \"T-1\"}}}")));
    legacy.stubFor(
        post(urlEqualTo("/graphql"))
            .withRequestBody(containing("mutation"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"data\": {\"book\": {\"id\": \"T-1\", \"fare\": 10.0}}}")));
    Client client = new Client(port);
    for (int i = 0; i < 10; i++) {
      String body =
          i % 5 == 4
              ? "{\"query\": \"mutation Book { book(trip: \\\"T-1\\\") { id fare } }\"}"
              : "{\"query\": \"query Trip { trip(id: \\\"T-1\\\") { id fare } }\","
                  + " \"operationName\": \"Trip\"}";
      HttpResponse<String> answer =
          client.send(
              client
                  .request("/graphql")
                  .header("Content-Type", "application/json")
                  .header("X-User-Id", "g" + i)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build());
      assertThat(answer.statusCode()).isEqualTo(200);
    }
    JsonNode report = awaitCompared(client, "trips-graphql", 8);
    assertThat(report.path("comparisons").path("match").asLong())
        .as(report.path("topDifferences").toString())
        .isEqualTo(8);
    assertThat(report.path("skipped").path("write_not_shadowed").asLong()).isEqualTo(2);
    assertThat(graphql.queries.get()).isEqualTo(8);
    assertThat(graphql.bookings.get()).isZero();
    assertThat(report.get("operations"))
        .extracting(
            o ->
                o.get("name").asString()
                    + " "
                    + o.path("comparisons").path("match").asLong()
                    + "/"
                    + o.path("skipped").path("write_not_shadowed").asLong())
        .containsExactly("Book 0/2", "Trip 8/0");
  }

  private JsonNode awaitCompared(Client client, String id, long compared) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              last[0] = route(client, id);
              assertThat(
                      last[0].path("comparisons").path("match").asLong()
                          + last[0].path("comparisons").path("mismatch").asLong())
                  .as(last[0].toString())
                  .isEqualTo(compared);
            });
    return last[0];
  }
}
