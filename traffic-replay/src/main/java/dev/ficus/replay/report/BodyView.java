package dev.ficus.replay.report;

import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.document.ElementView;
import dev.ficus.compare.html.HtmlFormat;
import dev.ficus.compare.html.HtmlReader;
import dev.ficus.compare.lift.UnreadableBody;
import dev.ficus.compare.text.TextFormat;
import dev.ficus.compare.xml.XmlFormat;
import dev.ficus.compare.xml.XmlReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One side's body for the side-by-side view: JSON pretty-printed, XML and HTML one element per
 * line, text line by line, with the values at the differing paths marked, so that {@code 12.53}
 * against {@code 12.52} is seen at once; anything else (a body cut short) as it is.
 */
final class BodyView {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Deeper documents are shown as text: the view stays readable and its walk bounded. */
  private static final int MAX_DEPTH = 64;

  private BodyView() {}

  /** Which side a body belongs to: a value missing on new is marked on legacy only, and so on. */
  enum Side {
    LEGACY,
    NEW
  }

  static String html(String body, List<Difference> differences, Side side) {
    Set<String> marked = new java.util.HashSet<>();
    for (Difference difference : differences) {
      boolean onThisSide =
          switch (difference.kind()) {
            case MISSING_ON_NEW -> side == Side.LEGACY;
            case EXTRA_ON_NEW -> side == Side.NEW;
            default -> true;
          };
      if (onThisSide) {
        marked.add(difference.path());
      }
    }
    String markup = markup(body, marked);
    if (markup != null) {
      return markup;
    }
    JsonNode tree;
    try {
      tree = body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JacksonException e) {
      tree = null;
    }
    if (tree == null || !tree.isContainer() || depth(tree) > MAX_DEPTH) {
      return HtmlReport.escape(body);
    }
    StringBuilder out = new StringBuilder(body.length() * 2);
    write(out, tree, "", 0, marked);
    return out.toString();
  }

  /**
   * An XML or HTML body (by what it starts with: the report holds bodies, not their types) written
   * one element per line with the differing places marked; a text body with its differing lines
   * ({@code /line/N}) marked; null for JSON and for what does not read as markup.
   */
  private static String markup(String body, Set<String> marked) {
    if (body == null || body.isBlank()) {
      return null;
    }
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try {
      if (HtmlFormat.sniffs(bytes)) {
        return ElementView.write(
            HtmlReader.read(bytes, null), marked, HtmlReport::escape, "<mark>", "</mark>");
      }
      if (XmlFormat.sniffs(bytes)) {
        return ElementView.write(
            XmlReader.read(bytes, false), marked, HtmlReport::escape, "<mark>", "</mark>");
      }
    } catch (UnreadableBody e) {
      return null;
    }
    if (marked.stream().noneMatch(path -> path.startsWith("/line/"))) {
      return null;
    }
    StringBuilder out = new StringBuilder(body.length() * 2);
    List<String> lines = TextFormat.lines(body);
    for (int i = 0; i < lines.size(); i++) {
      boolean mark = marked.contains("/line/" + (i + 1));
      out.append(mark ? "<mark>" : "")
          .append(HtmlReport.escape(lines.get(i)))
          .append(mark ? "</mark>" : "")
          .append('\n');
    }
    return out.toString();
  }

  private static void write(
      StringBuilder out, JsonNode node, String pointer, int indent, Set<String> marked) {
    boolean mark = marked.contains(pointer) && !pointer.isEmpty();
    if (mark) {
      out.append("<mark>");
    }
    if (node.isObject() && !node.isEmpty()) {
      out.append("{\n");
      int i = 0;
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        pad(out, indent + 1);
        out.append(HtmlReport.escape(JSON.writeValueAsString(member.getKey()))).append(": ");
        write(
            out,
            member.getValue(),
            pointer + "/" + escapePointer(member.getKey()),
            indent + 1,
            marked);
        out.append(++i < node.size() ? ",\n" : "\n");
      }
      pad(out, indent);
      out.append('}');
    } else if (node.isArray() && !node.isEmpty()) {
      out.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        pad(out, indent + 1);
        write(out, node.get(i), pointer + "/" + i, indent + 1, marked);
        out.append(i + 1 < node.size() ? ",\n" : "\n");
      }
      pad(out, indent);
      out.append(']');
    } else {
      out.append(HtmlReport.escape(JSON.writeValueAsString(node)));
    }
    if (mark) {
      out.append("</mark>");
    }
  }

  private static int depth(JsonNode root) {
    int deepest = 0;
    java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
    stack.push(new Object[] {root, 1});
    while (!stack.isEmpty()) {
      Object[] top = stack.pop();
      JsonNode node = (JsonNode) top[0];
      int level = (int) top[1];
      deepest = Math.max(deepest, level);
      if (level > MAX_DEPTH) {
        return level;
      }
      for (JsonNode child : node) {
        if (child.isContainer()) {
          stack.push(new Object[] {child, level + 1});
        }
      }
    }
    return deepest;
  }

  private static void pad(StringBuilder out, int indent) {
    out.append("  ".repeat(indent));
  }

  private static String escapePointer(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
