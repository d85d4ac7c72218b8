package dev.ficus.compare.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reads that travel as POST, told from the writes beside them, as each protocol marks them. */
class OperationClassifierTest {

  private static final ReadDeclaration READS =
      new ReadDeclaration(
          Set.of("GetInvoice", "ListInvoices"),
          true,
          Set.of("trip.get"),
          List.of(new RequestPattern("post", "/search/**")),
          ReadDeclaration.DEFAULT_MAX_BODY_BYTES);

  private static Operation classify(String path, Map<String, String> headers, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return OperationClassifier.classify(READS, "POST", path, headers::get, bytes, bytes.length);
  }

  private static String envelope(String ns, String operation) {
    return """
        <s:Envelope xmlns:s="%s"><s:Header/><s:Body><b:%s xmlns:b="urn:billing"><id>7</id></b:%s>
        </s:Body></s:Envelope>"""
        .formatted(ns, operation, operation);
  }

  private static final String SOAP_11 = "http://schemas.xmlsoap.org/soap/envelope/";
  private static final String SOAP_12 = "http://www.w3.org/2003/05/soap-envelope";

  @Test
  void tellsSoapReadsFromWritesBySoapActionAndTheBodysFirstElement() {
    Map<String, String> xml = Map.of("content-type", "text/xml; charset=utf-8");
    assertThat(
            classify(
                "/services/Billing",
                Map.of("content-type", "text/xml", "soapaction", "\"urn:billing#GetInvoice\""),
                envelope(SOAP_11, "GetInvoice")))
        .isEqualTo(new Operation("GetInvoice", true));
    assertThat(classify("/services/Billing", xml, envelope(SOAP_11, "CancelInvoice")))
        .isEqualTo(new Operation("CancelInvoice", false));
    // A SOAPAction that names a read does not make the write in the body one.
    assertThat(
            classify(
                "/services/Billing",
                Map.of("content-type", "text/xml", "soapaction", "GetInvoice"),
                envelope(SOAP_11, "CancelInvoice")))
        .isEqualTo(new Operation("GetInvoice", false));
    assertThat(
            classify(
                "/services/Billing",
                Map.of(
                    "content-type",
                    "application/soap+xml; charset=utf-8; action=\"urn:billing/ListInvoices\""),
                envelope(SOAP_12, "ListInvoices")))
        .isEqualTo(new Operation("ListInvoices", true));
  }

  @Test
  void neverReadsAHostileEnvelopesEntitiesAndCallsItAWrite() {
    String hostile =
        """
        <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
        <s:Envelope xmlns:s="%s"><s:Body>&e;<GetInvoice/></s:Body></s:Envelope>"""
            .formatted(SOAP_11);
    assertThat(classify("/services/Billing", Map.of("content-type", "text/xml"), hostile).read())
        .isFalse();
  }

  @Test
  void tellsGraphqlQueriesFromMutationsAndSubscriptionsHonouringOperationName() {
    Map<String, String> json = Map.of("content-type", "application/json");
    assertThat(classify("/graphql", json, "{\"query\":\"query Trip { trip(id: 7) { fare } }\"}"))
        .isEqualTo(new Operation("Trip", true));
    assertThat(classify("/graphql", json, "{\"query\":\"{ trip(id: 7) { fare } }\"}"))
        .isEqualTo(new Operation("query", true));
    assertThat(classify("/graphql", json, "{\"query\":\"mutation Book { book(trip: 7) { id } }\"}"))
        .isEqualTo(new Operation("Book", false));
    assertThat(classify("/graphql", json, "{\"query\":\"subscription S { moved { id } }\"}").read())
        .isFalse();
    String both = "query Trip { trip(id: 7) { fare } } mutation Book { book(trip: 7) { id } }";
    assertThat(
            classify("/graphql", json, "{\"query\":\"" + both + "\",\"operationName\":\"Book\"}"))
        .isEqualTo(new Operation("Book", false));
    assertThat(
            classify("/graphql", json, "{\"query\":\"" + both + "\",\"operationName\":\"Trip\"}"))
        .isEqualTo(new Operation("Trip", true));
    assertThat(classify("/graphql", json, "{\"query\":\"" + both + "\"}").read()).isFalse();
    assertThat(classify("/graphql", json, "{\"query\":\"query { trip(id: \"}").read()).isFalse();
    assertThat(
            classify(
                "/graphql",
                Map.of("content-type", "application/graphql"),
                "query Trips { trips { id } }"))
        .isEqualTo(new Operation("Trips", true));
  }

  @Test
  void takesJsonRpcBatchesOnlyWhenEveryCallIsDeclared() {
    Map<String, String> json = Map.of("content-type", "application/json");
    assertThat(classify("/rpc", json, "{\"jsonrpc\":\"2.0\",\"method\":\"trip.get\",\"id\":1}"))
        .isEqualTo(new Operation("trip.get", true));
    assertThat(
            classify(
                "/rpc",
                json,
                "[{\"jsonrpc\":\"2.0\",\"method\":\"trip.get\",\"id\":1},"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"trip.cancel\",\"id\":2}]"))
        .isEqualTo(new Operation("trip.get,trip.cancel", false));
  }

  @Test
  void takesDeclaredRequestsAndCallsEverythingElseOrTooLongAWrite() {
    assertThat(classify("/search/trips", Map.of(), "{\"from\":\"A\"}"))
        .isEqualTo(new Operation("POST /search/**", true));
    assertThat(classify("/trips", Map.of("content-type", "application/json"), "{\"from\":\"A\"}"))
        .isEqualTo(Operation.unnamed(false));
    byte[] cut = new byte[100];
    assertThat(
            OperationClassifier.classify(
                READS,
                "POST",
                "/graphql",
                Map.of("content-type", "application/json")::get,
                cut,
                100_000))
        .isEqualTo(new Operation("body over 65536 bytes", false));
    assertThat(
            OperationClassifier.classify(
                READS, "GET", "/anything", Map.<String, String>of()::get, new byte[0], 0))
        .isEqualTo(Operation.unnamed(true));
  }
}
