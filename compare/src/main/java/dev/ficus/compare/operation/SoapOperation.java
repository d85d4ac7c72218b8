package dev.ficus.compare.operation;

import dev.ficus.compare.lift.MediaTypes;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The names a SOAP request gives its operation: the SOAPAction header (1.1), the {@code action}
 * parameter of its content type (1.2), and the first element of its Body, read with the same secure
 * StAX settings as the XML comparison (no DTD, no external entity, no expansion), and only as far
 * as that element.
 */
final class SoapOperation {

  private static final String SOAP_11 = "http://schemas.xmlsoap.org/soap/envelope/";
  private static final String SOAP_12 = "http://www.w3.org/2003/05/soap-envelope";

  private static final XMLInputFactory FACTORY = secureFactory();

  private SoapOperation() {}

  private static XMLInputFactory secureFactory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return factory;
  }

  /**
   * Every name the request gives its operation, in the order SOAPAction, action, Body element; an
   * empty list when it is not a SOAP request at all.
   */
  static List<String> names(String soapAction, String contentType, byte[] body) {
    List<String> names = new ArrayList<>(3);
    String action = unquoted(soapAction);
    if (action != null && !action.isEmpty()) {
      names.add(lastSegment(action));
    }
    String parameter = unquoted(MediaTypes.parameter(contentType, "action"));
    if (parameter != null && !parameter.isEmpty()) {
      names.add(lastSegment(parameter));
    }
    String element = bodyElement(body);
    if (element != null) {
      names.add(element);
    }
    return names;
  }

  /** The local name of the Body's first element, or null when the body is no SOAP envelope. */
  static String bodyElement(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
      boolean inBody = false;
      int depth = 0;
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
          String namespace = reader.getNamespaceURI();
          boolean soap = SOAP_11.equals(namespace) || SOAP_12.equals(namespace);
          if (depth == 1 && !(soap && reader.getLocalName().equals("Envelope"))) {
            return null;
          }
          if (inBody) {
            return reader.getLocalName();
          }
          if (depth == 2 && soap && reader.getLocalName().equals("Body")) {
            inBody = true;
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          depth--;
          if (inBody) {
            return null;
          }
        } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
          return null;
        }
      }
      return null;
    } catch (XMLStreamException | RuntimeException e) {
      return null;
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException e) {
          // nothing held: the input is an array
        }
      }
    }
  }

  private static String unquoted(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
      trimmed = trimmed.substring(1, trimmed.length() - 1).trim();
    }
    return trimmed;
  }

  /**
   * {@code http://fleet.example/billing/GetInvoice} and {@code urn:billing#GetInvoice}: GetInvoice.
   */
  private static String lastSegment(String action) {
    int cut =
        Math.max(
            action.lastIndexOf('/'), Math.max(action.lastIndexOf('#'), action.lastIndexOf(':')));
    return cut >= 0 && cut < action.length() - 1 ? action.substring(cut + 1) : action;
  }
}
