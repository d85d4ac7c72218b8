package dev.ficus.fleet.services.billing;

import dev.ficus.fleet.FleetFixture;
import dev.ficus.fleet.FleetFixture.Invoice;
import dev.ficus.fleet.services.common.ContextEnabled;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Billing's SOAP service for accounting systems, as the monolith offers it ({@code POST
 * /billing/soap}, SOAP 1.1): {@code GetInvoiceStatus} and {@code SettleInvoice}, the operation
 * named by SOAPAction. Written anew: its own prefixes, attribute order and layout, which a
 * structural comparison sees through, and one real change: invoices fall due after 14 days, where
 * the monolith gives 30.
 */
@RestController
@ContextEnabled("billing")
class BillingSoapController {

  static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
  static final String BILLING_NS = "urn:fleet:billing:1";

  /** The new billing's payment term: the demo's planted difference in the SOAP service. */
  static final Duration DUE_AFTER = Duration.ofDays(14);

  private static final MediaType XML = MediaType.parseMediaType("text/xml;charset=UTF-8");

  private final Map<String, Invoice> invoices = FleetFixture.generate().invoicesById();

  @PostMapping("/billing/soap")
  ResponseEntity<String> call(
      @RequestBody(required = false) byte[] envelope,
      @RequestHeader(value = "SOAPAction", required = false) String soapAction) {
    String action = soapAction == null ? "" : soapAction.replace("\"", "").strip();
    String invoiceNo;
    try {
      invoiceNo = textOf(envelope == null ? new byte[0] : envelope, "invoiceNo");
    } catch (XMLStreamException e) {
      return fault("soapenv:Client", "the envelope is not XML: " + e.getMessage());
    }
    return switch (action) {
      case "GetInvoiceStatus" -> status(invoiceNo);
      case "SettleInvoice" ->
          answer("<SettleInvoiceResponse><accepted>true</accepted></SettleInvoiceResponse>");
      default -> fault("soapenv:Client", "unknown SOAPAction '" + action + "'");
    };
  }

  private ResponseEntity<String> status(String invoiceNo) {
    Invoice invoice = invoiceNo == null ? null : invoices.get(invoiceNo);
    if (invoice == null) {
      return fault("soapenv:Client", "no such invoice");
    }
    Instant due = invoice.issuedAt().plus(DUE_AFTER);
    return answer(
        "<GetInvoiceStatusResponse><invoice state=\""
            + invoice.status().toLowerCase(Locale.ROOT)
            + "\" number=\""
            + invoice.id()
            + "\"><trip>"
            + invoice.tripId()
            + "</trip><user>"
            + invoice.userId()
            + "</user><issued>"
            + invoice.issuedAt()
            + "</issued><due>"
            + due
            + "</due></invoice></GetInvoiceStatusResponse>");
  }

  private static ResponseEntity<String> answer(String body) {
    return ResponseEntity.ok().contentType(XML).body(envelope(body));
  }

  private static ResponseEntity<String> fault(String code, String message) {
    String text = message.replace("&", "&amp;").replace("<", "&lt;");
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .contentType(XML)
        .body(
            envelope(
                // The fault code is a QName: its prefix bound to the envelope's namespace, the same
                // text the monolith sends.
                "<soap:Fault xmlns:soapenv=\""
                    + SOAP_NS
                    + "\"><faultcode>"
                    + code
                    + "</faultcode><faultstring>"
                    + text
                    + "</faultstring></soap:Fault>"));
  }

  private static String envelope(String body) {
    return "<soap:Envelope xmlns:soap=\""
        + SOAP_NS
        + "\"><soap:Header><ServerTime xmlns=\""
        + BILLING_NS
        + "\">"
        + System.currentTimeMillis()
        + "</ServerTime></soap:Header><soap:Body xmlns=\""
        + BILLING_NS
        + "\">"
        + body
        + "</soap:Body></soap:Envelope>";
  }

  /** The text of the first element of that local name, read with DTDs and entities off. */
  private static String textOf(byte[] xml, String localName) throws XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
    try {
      while (reader.hasNext()) {
        if (reader.next() == XMLStreamConstants.START_ELEMENT
            && reader.getLocalName().equals(localName)) {
          return reader.getElementText().strip();
        }
      }
      return null;
    } finally {
      reader.close();
    }
  }
}
