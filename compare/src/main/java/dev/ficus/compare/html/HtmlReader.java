package dev.ficus.compare.html;

import dev.ficus.compare.diff.JsonLimits;
import dev.ficus.compare.document.Element;
import dev.ficus.compare.lift.UnreadableBody;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;

/**
 * Reads HTML as a browser would (jsoup's HTML5 parser: missing tags are implied, bad nesting
 * mended), into elements named by tag with {@code #id} where the element has an id, attributes as a
 * set, {@code class} as a set of names, text with its whitespace collapsed and the contents of
 * {@code script} and {@code style} as their text. Comments are left out.
 */
public final class HtmlReader {

  private HtmlReader() {}

  public static Element read(byte[] bytes, Charset charset) throws UnreadableBody {
    Parser parser = Parser.htmlParser().setMaxDepth(JsonLimits.MAX_DEPTH + 2);
    Document document =
        Jsoup.parse(
            new String(bytes, charset == null ? StandardCharsets.UTF_8 : charset), "", parser);
    Element root = Element.root();
    root.add(lifted(document.child(0), 0));
    return root;
  }

  private static Element lifted(org.jsoup.nodes.Element html, int depth) throws UnreadableBody {
    if (depth > JsonLimits.MAX_DEPTH) {
      throw UnreadableBody.tooDeep(
          "an HTML body nests deeper than " + JsonLimits.MAX_DEPTH + " levels");
    }
    String id = html.id();
    Element element = new Element(id.isEmpty() ? html.tagName() : html.tagName() + "#" + id, "");
    for (Attribute attribute : html.attributes()) {
      String name = attribute.getKey();
      if (name.equals("id")) {
        continue;
      }
      element.attribute(
          name, name.equals("class") ? classes(attribute.getValue()) : attribute.getValue());
    }
    String tag = html.normalName();
    element.text(
        tag.equals("script") || tag.equals("style") ? html.data().strip() : html.ownText());
    for (org.jsoup.nodes.Element child : html.children()) {
      element.add(lifted(child, depth + 1));
    }
    return element;
  }

  /** {@code class="b a"} and {@code class="a b"} are the same set of names. */
  private static String classes(String value) {
    return Arrays.stream(value.strip().split("\\s+"))
        .filter(name -> !name.isEmpty())
        .sorted()
        .distinct()
        .collect(Collectors.joining(" "));
  }
}
