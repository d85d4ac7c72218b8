package dev.ficus.compare.form;

import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.document.DocumentDiff;
import dev.ficus.compare.document.Element;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.lift.BodyFormat;
import dev.ficus.compare.lift.MediaTypes;
import dev.ficus.compare.lift.UnreadableBody;
import dev.ficus.compare.rules.CompareRules;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A form ({@code application/x-www-form-urlencoded}) compared as names to values: the order of
 * different names does not count, the order of one name's values does. Paths are {@code /name}, and
 * {@code /name/2} for the second value of a name given twice.
 */
public final class FormFormat implements BodyFormat<Element> {

  @Override
  public String kind() {
    return "form";
  }

  @Override
  public boolean accepts(String mediaType) {
    return mediaType.equals("application/x-www-form-urlencoded");
  }

  @Override
  public Element lift(Body body) throws UnreadableBody {
    Charset declared = MediaTypes.charset(body.contentType());
    Charset charset = declared == null ? StandardCharsets.UTF_8 : declared;
    return read(new String(body.bytes(), charset), charset);
  }

  static Element read(String form, Charset charset) throws UnreadableBody {
    Element root = Element.root();
    if (form.isBlank()) {
      return root;
    }
    try {
      for (String pair : form.strip().split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), charset);
        String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), charset);
        root.add(new Element(name, "").text(value));
      }
    } catch (IllegalArgumentException e) {
      throw UnreadableBody.malformed("not a URL-encoded form: " + e.getMessage(), e);
    }
    return root;
  }

  @Override
  public void diff(Element legacy, Element fresh, CompareRules rules, List<Difference> out) {
    DocumentDiff.diffInto(legacy, fresh, rules, List.of(), out);
  }
}
