package dev.ficus.gateway.dualwrite;

import dev.ficus.compare.diff.JsonLimits;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.json.JsonFormat;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Finds the entity a write created or changed in one side's answer: at the route's {@code
 * dual-write.id} (a JSON Pointer into a JSON answer, an element path into an XML one), else the
 * last segment of the {@code Location} header, else, for PUT, PATCH and DELETE, the last segment of
 * the path the write went to.
 */
final class EntityIds {

  private static final ObjectMapper JSON = JsonLimits.mapper();
  private static final XMLInputFactory XML = secureFactory();

  private EntityIds() {}

  /**
   * @param idPath the route's {@code dual-write.id}, or null
   * @param method the write's method
   * @param path the raw path the write went to on this side
   */
  static Optional<String> of(String idPath, String method, String path, RecordedResponse answer) {
    if (answer == null || answer.failed()) {
      return Optional.empty();
    }
    if (idPath != null) {
      Optional<String> inBody = inBody(idPath, answer);
      if (inBody.isPresent()) {
        return inBody;
      }
    }
    String location = answer.header("location");
    if (location != null) {
      Optional<String> fromLocation = lastSegment(pathOf(location));
      if (fromLocation.isPresent()) {
        return fromLocation;
      }
    }
    return "POST".equals(method) ? Optional.empty() : lastSegment(path);
  }

  private static Optional<String> inBody(String idPath, RecordedResponse answer) {
    byte[] bytes = answer.body().bytes();
    if (bytes.length == 0 || answer.body().truncated()) {
      return Optional.empty();
    }
    String contentType = answer.header("content-type");
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    boolean xml = type.contains("xml") || (type.isEmpty() && firstNonBlank(bytes) == '<');
    if (xml) {
      return inXml(idPath, bytes);
    }
    if (!type.contains("json") && !(type.isEmpty() && JsonFormat.sniffs(bytes))) {
      return Optional.empty();
    }
    if (JsonLimits.tooDeep(bytes)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(bytes).at(idPath);
      return node.isValueNode() && !node.isNull()
          ? Optional.of(node.asString()).filter(id -> !id.isEmpty())
          : Optional.empty();
    } catch (JacksonException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The text of the element at {@code /a/b/c} (local names, from the document element). */
  private static Optional<String> inXml(String idPath, byte[] bytes) {
    List<String> wanted = new ArrayList<>();
    for (String segment : idPath.split("/")) {
      if (!segment.isEmpty()) {
        wanted.add(segment);
      }
    }
    List<String> at = new ArrayList<>();
    try {
      XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(bytes));
      try {
        while (reader.hasNext()) {
          int event = reader.next();
          if (event == XMLStreamConstants.START_ELEMENT) {
            at.add(reader.getLocalName());
            if (at.equals(wanted)) {
              String text = reader.getElementText().trim();
              return text.isEmpty() ? Optional.empty() : Optional.of(text);
            }
          } else if (event == XMLStreamConstants.END_ELEMENT) {
            at.remove(at.size() - 1);
          }
        }
      } finally {
        reader.close();
      }
    } catch (XMLStreamException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String pathOf(String location) {
    try {
      String path = URI.create(location.trim()).getRawPath();
      return path == null ? location : path;
    } catch (IllegalArgumentException e) {
      return location;
    }
  }

  /** The last non-empty segment of a path, without its query. */
  static Optional<String> lastSegment(String path) {
    if (path == null) {
      return Optional.empty();
    }
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    String[] segments = bare.split("/");
    for (int i = segments.length - 1; i >= 0; i--) {
      if (!segments[i].isEmpty()) {
        return Optional.of(
            java.net.URLDecoder.decode(segments[i], java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private static int firstNonBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (!Character.isWhitespace(b)) {
        return b;
      }
    }
    return -1;
  }

  private static XMLInputFactory secureFactory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    return factory;
  }
}
