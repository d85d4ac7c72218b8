package dev.ficus.compare.document;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A lifted document written out for a person, one element per line and indented, with the elements,
 * attributes and texts at the differing paths marked: the side-by-side view of the replay report
 * (the console draws the same in the browser). Names are local names, as the paths are, so a path
 * in the list of differences is the place marked in the view.
 */
public final class ElementView {

  private final Set<String> marked;
  private final UnaryOperator<String> escape;
  private final String open;
  private final String close;
  private final StringBuilder out = new StringBuilder();

  private ElementView(Set<String> marked, UnaryOperator<String> escape, String open, String close) {
    this.marked = marked;
    this.escape = escape;
    this.open = open;
    this.close = close;
  }

  /**
   * @param marked the paths to mark
   * @param escape how text is escaped for where it is shown (HTML)
   * @param open what starts a marked place ({@code <mark>})
   * @param close what ends it
   */
  public static String write(
      Element root, Set<String> marked, UnaryOperator<String> escape, String open, String close) {
    ElementView view = new ElementView(marked, escape, open, close);
    view.children(root, "", 0);
    return view.out.toString();
  }

  private void children(Element parent, String path, int indent) {
    Map<String, Integer> counts = new HashMap<>();
    for (Element child : parent.children()) {
      counts.merge(child.name(), 1, Integer::sum);
    }
    Map<String, Integer> seen = new HashMap<>();
    for (Element child : parent.children()) {
      int index = seen.merge(child.name(), 1, Integer::sum);
      String groupPath = path + "/" + child.name().replace("~", "~0").replace("/", "~1");
      boolean repeated = counts.get(child.name()) > 1;
      element(
          child,
          repeated ? groupPath + "/" + index : groupPath,
          indent,
          repeated && marked.contains(groupPath));
    }
  }

  private void element(Element element, String path, int indent, boolean groupMarked) {
    boolean mark = groupMarked || marked.contains(path);
    out.append("  ".repeat(indent));
    if (mark) {
      out.append(open);
    }
    out.append(escape.apply("<" + element.name()));
    for (Map.Entry<String, String> attribute : element.attributes().entrySet()) {
      String attributePath = path + "/@" + attribute.getKey();
      out.append(' ');
      boolean markAttribute = !mark && marked.contains(attributePath);
      if (markAttribute) {
        out.append(open);
      }
      out.append(escape.apply(attribute.getKey() + "=\"" + attribute.getValue() + "\""));
      if (markAttribute) {
        out.append(close);
      }
    }
    List<Element> children = element.children();
    if (children.isEmpty() && element.text().isEmpty()) {
      out.append(escape.apply("/>"));
    } else if (children.isEmpty()) {
      out.append(escape.apply(">")).append(escape.apply(element.text()));
      out.append(escape.apply("</" + element.name() + ">"));
    } else {
      out.append(escape.apply(">")).append('\n');
      if (!element.text().isEmpty()) {
        out.append("  ".repeat(indent + 1));
        boolean markText = !mark && marked.contains(path + "/#text");
        out.append(markText ? open : "").append(escape.apply(element.text()));
        out.append(markText ? close : "").append('\n');
      }
      children(element, path, indent + 1);
      out.append("  ".repeat(indent)).append(escape.apply("</" + element.name() + ">"));
    }
    if (mark) {
      out.append(close);
    }
    out.append('\n');
  }
}
