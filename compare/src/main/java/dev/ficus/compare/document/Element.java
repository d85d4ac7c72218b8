package dev.ficus.compare.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node of a lifted markup document (XML, HTML, a form): a name, a namespace, attributes as a set
 * of names to values, its own text and its child elements in order. The root of a document is an
 * element with the empty name whose children are the document's top elements, so paths start at the
 * document element: {@code /Envelope/Body/...}.
 */
public final class Element {

  private final String name;
  private final String namespace;
  private final Map<String, String> attributes = new TreeMap<>();
  private final List<Element> children = new ArrayList<>(2);
  private String text = "";

  /**
   * @param name the local name (HTML: the tag, with {@code #id} where the element has an id)
   * @param namespace the namespace URI, empty for none
   */
  public Element(String name, String namespace) {
    this.name = name;
    this.namespace = namespace == null ? "" : namespace;
  }

  /** The root of a document: no name, its children are the document's top elements. */
  public static Element root() {
    return new Element("", "");
  }

  public String name() {
    return name;
  }

  public String namespace() {
    return namespace;
  }

  /** Attribute names to values, sorted by name: the order they were written in does not count. */
  public Map<String, String> attributes() {
    return attributes;
  }

  public List<Element> children() {
    return children;
  }

  /** The element's own text (not its children's), normalised by the format; empty for none. */
  public String text() {
    return text;
  }

  public Element attribute(String attribute, String value) {
    attributes.put(attribute, value);
    return this;
  }

  public Element text(String value) {
    this.text = value == null ? "" : value;
    return this;
  }

  public Element add(Element child) {
    children.add(child);
    return this;
  }

  /** The first child of this name, or null. */
  public Element child(String childName) {
    for (Element child : children) {
      if (child.name.equals(childName)) {
        return child;
      }
    }
    return null;
  }

  /** The element written as compact markup, for a difference's value. */
  public String render(int max) {
    StringBuilder out = new StringBuilder();
    render(out, max);
    return out.length() <= max ? out.toString() : out.substring(0, max) + "…";
  }

  private void render(StringBuilder out, int max) {
    if (out.length() > max) {
      return;
    }
    out.append('<').append(name);
    attributes.forEach(
        (key, value) -> out.append(' ').append(key).append("=\"").append(value).append('"'));
    if (text.isEmpty() && children.isEmpty()) {
      out.append("/>");
      return;
    }
    out.append('>').append(text);
    for (Element child : children) {
      child.render(out, max);
    }
    out.append("</").append(name).append('>');
  }

  /** The whole element as compact markup, for telling equal elements apart in any order. */
  public String canonical() {
    return render(Integer.MAX_VALUE);
  }

  @Override
  public String toString() {
    return render(200);
  }
}
