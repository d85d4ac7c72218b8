package dev.ficus.compare.xml;

import dev.ficus.compare.diff.JsonLimits;
import dev.ficus.compare.document.Element;
import dev.ficus.compare.lift.UnreadableBody;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads XML with the JDK's StAX parser set up so that hostile documents cannot hurt: no DTD is
 * processed, no external entity, DTD or schema is fetched, and an entity the document declares for
 * itself is an error (so no expansion, no billion laughs). Elements are read by namespace URI and
 * local name, never by prefix; whitespace between elements is dropped, CDATA is text like any
 * other, comments and processing instructions are left out unless asked for.
 */
public final class XmlReader {

  /** The deepest nesting read, as for JSON. */
  public static final int MAX_DEPTH = JsonLimits.MAX_DEPTH;

  /** The most elements one document may hold. */
  public static final int MAX_ELEMENTS = 1_000_000;

  private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

  private static final XMLInputFactory FACTORY = secureFactory();

  private XmlReader() {}

  private static XMLInputFactory secureFactory() {
    // The JDK's own implementation, whatever else is on the class path.
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external entity " + systemId + " is not fetched");
        });
    return factory;
  }

  /**
   * @param comments whether comments are read (as {@code #comment} children) or left out
   * @return the document's root, whose one child is the document element
   */
  public static Element read(byte[] bytes, boolean comments) throws UnreadableBody {
    return read(bytes, comments, false);
  }

  /**
   * @param comments whether comments inside the document element are read (as {@code #comment}
   *     children) or left out
   * @param instructions whether processing instructions inside the document element are read (as
   *     {@code #pi} children, the target as attribute {@code target}, the data as text) or left out
   * @return the document's root, whose one child is the document element
   */
  public static Element read(byte[] bytes, boolean comments, boolean instructions)
      throws UnreadableBody {
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(bytes));
      Element root = Element.root();
      Deque<Element> open = new ArrayDeque<>();
      Deque<StringBuilder> texts = new ArrayDeque<>();
      open.push(root);
      texts.push(new StringBuilder());
      int elements = 0;
      while (reader.hasNext()) {
        switch (reader.next()) {
          case XMLStreamConstants.START_ELEMENT -> {
            if (open.size() > MAX_DEPTH) {
              throw UnreadableBody.tooDeep(
                  "an XML body nests deeper than " + MAX_DEPTH + " levels");
            }
            if (++elements > MAX_ELEMENTS) {
              throw UnreadableBody.tooDeep(
                  "an XML body holds more than " + MAX_ELEMENTS + " elements");
            }
            Element element = start(reader);
            open.peek().add(element);
            open.push(element);
            texts.push(new StringBuilder());
          }
          case XMLStreamConstants.CHARACTERS,
              XMLStreamConstants.CDATA,
              XMLStreamConstants.SPACE -> {
            if (!reader.isWhiteSpace()) {
              texts.peek().append(reader.getText());
            }
          }
          case XMLStreamConstants.COMMENT -> {
            if (comments && open.size() > 1) {
              open.peek().add(new Element("#comment", "").text(reader.getText().strip()));
            }
          }
          case XMLStreamConstants.PROCESSING_INSTRUCTION -> {
            if (instructions && open.size() > 1) {
              open.peek()
                  .add(
                      new Element("#pi", "")
                          .attribute("target", reader.getPITarget())
                          .text(reader.getPIData() == null ? "" : reader.getPIData().strip()));
            }
          }
          case XMLStreamConstants.ENTITY_REFERENCE ->
              throw UnreadableBody.malformed(
                  "the XML refers to the entity &" + reader.getLocalName() + "; (not expanded)",
                  null);
          case XMLStreamConstants.END_ELEMENT -> {
            open.pop().text(texts.pop().toString().strip());
          }
          default -> {
            // the prolog, processing instructions, a DOCTYPE (never processed)
          }
        }
      }
      if (root.children().isEmpty()) {
        throw UnreadableBody.malformed("the XML has no element", null);
      }
      return root;
    } catch (XMLStreamException | RuntimeException e) {
      throw UnreadableBody.malformed("not well-formed XML: " + e.getMessage(), e);
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException e) {
          // nothing held open: the input is an array
        }
      }
    }
  }

  private static Element start(XMLStreamReader reader) {
    Element element = new Element(reader.getLocalName(), reader.getNamespaceURI());
    for (int i = 0; i < reader.getAttributeCount(); i++) {
      String namespace = reader.getAttributeNamespace(i);
      String name = reader.getAttributeLocalName(i);
      String value = reader.getAttributeValue(i);
      if (XSI.equals(namespace) && name.equals("type")) {
        value = resolved(reader, value);
      }
      element.attribute(name, value);
    }
    return element;
  }

  /** An {@code xsi:type} QName by its namespace, not its prefix: {@code {urn:trips}Trip}. */
  private static String resolved(XMLStreamReader reader, String qname) {
    int colon = qname.indexOf(':');
    String prefix = colon < 0 ? XMLConstants.DEFAULT_NS_PREFIX : qname.substring(0, colon);
    String uri = reader.getNamespaceContext().getNamespaceURI(prefix);
    return uri == null || uri.isEmpty()
        ? qname.substring(colon + 1)
        : "{" + uri + "}" + qname.substring(colon + 1);
  }
}
