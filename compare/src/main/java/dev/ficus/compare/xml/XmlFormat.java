package dev.ficus.compare.xml;

import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.document.DocumentDiff;
import dev.ficus.compare.document.Element;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.lift.BodyFormat;
import dev.ficus.compare.lift.UnreadableBody;
import dev.ficus.compare.rules.CompareRules;
import java.util.List;

/**
 * XML and SOAP ({@code application/xml}, {@code text/xml}, {@code *+xml}, SOAP 1.1 and 1.2)
 * compared by structure: namespace URI and local name, attributes in any order, whitespace between
 * elements, comments and processing instructions left out (each can be compared, {@code
 * compare.xml-comments} and {@code compare.xml-processing-instructions}), CDATA as text, a SOAP
 * Fault against an answer as one difference.
 */
public final class XmlFormat implements BodyFormat<Element> {

  private static final List<DocumentDiff.Judgement> JUDGEMENTS = List.of(new SoapFault());

  @Override
  public String kind() {
    return "xml";
  }

  @Override
  public boolean accepts(String mediaType) {
    return mediaType.equals("application/xml")
        || mediaType.equals("text/xml")
        || mediaType.endsWith("+xml") && !mediaType.equals("application/xhtml+xml");
  }

  @Override
  public Element lift(Body body) throws UnreadableBody {
    return XmlReader.read(body.bytes(), false, false);
  }

  /** Comments and processing instructions are read when the route's rules compare them. */
  @Override
  public Element lift(Body body, CompareRules rules) throws UnreadableBody {
    return XmlReader.read(body.bytes(), rules.xmlComments(), rules.xmlProcessingInstructions());
  }

  @Override
  public void diff(Element legacy, Element fresh, CompareRules rules, List<Difference> out) {
    DocumentDiff.diffInto(legacy, fresh, rules, JUDGEMENTS, out);
  }

  /** Whether bytes without a content type look like XML: they start with {@code <?xml} or a tag. */
  public static boolean sniffs(byte[] bytes) {
    int start =
        bytes.length >= 3
                && (bytes[0] & 0xff) == 0xEF
                && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF
            ? 3
            : 0;
    for (int i = start; i < bytes.length - 1; i++) {
      byte b = bytes[i];
      if (b == '<') {
        byte next = bytes[i + 1];
        return next == '?' || Character.isLetter(next);
      }
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return false;
  }
}
