package dev.ficus.compare.html;

import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.document.DocumentDiff;
import dev.ficus.compare.document.Element;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.lift.BodyFormat;
import dev.ficus.compare.lift.MediaTypes;
import dev.ficus.compare.lift.UnreadableBody;
import dev.ficus.compare.rules.CompareRules;
import java.util.List;

/**
 * Server-rendered HTML ({@code text/html}, {@code application/xhtml+xml}) compared as a DOM: paths
 * of tag names with {@code #id} ({@code /html/body/div#trip/span/2}), attributes as a set, classes
 * as a set of names, text normalised for whitespace. A CSRF token or nonce is a value that differs
 * from one answer of legacy to the next, so noise learning learns it.
 */
public final class HtmlFormat implements BodyFormat<Element> {

  @Override
  public String kind() {
    return "html";
  }

  @Override
  public boolean accepts(String mediaType) {
    return mediaType.equals("text/html") || mediaType.equals("application/xhtml+xml");
  }

  @Override
  public Element lift(Body body) throws UnreadableBody {
    return HtmlReader.read(body.bytes(), MediaTypes.charset(body.contentType()));
  }

  @Override
  public void diff(Element legacy, Element fresh, CompareRules rules, List<Difference> out) {
    DocumentDiff.diffInto(legacy, fresh, rules, List.of(), out);
  }

  /**
   * Whether bytes without a content type are HTML: they start with a doctype html or an html tag.
   */
  public static boolean sniffs(byte[] bytes) {
    String head =
        new String(
                bytes, 0, Math.min(bytes.length, 64), java.nio.charset.StandardCharsets.ISO_8859_1)
            .stripLeading()
            .toLowerCase(java.util.Locale.ROOT);
    return head.startsWith("<!doctype html") || head.startsWith("<html");
  }
}
