package dev.ficus.compare.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random XML documents, written in many ways that all mean the same document. */
final class RandomXml {

  private static final String[] NAMESPACES = {"urn:fleet:trips", "urn:fleet:fares", ""};
  private static final String[] NAMES = {"trip", "fare", "leg", "note", "stop", "price"};

  private final Node root;

  private RandomXml(Node root) {
    this.root = root;
  }

  record Changed(RandomXml document, String path) {}

  private static final class Node {
    final String namespace;
    final String name;
    final Map<String, String> attributes = new LinkedHashMap<>();
    String text;
    final List<Node> children = new ArrayList<>();

    Node(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    Node copy() {
      Node copy = new Node(namespace, name);
      copy.attributes.putAll(attributes);
      copy.text = text;
      children.forEach(child -> copy.children.add(child.copy()));
      return copy;
    }
  }

  static RandomXml generate(Random random) {
    return new RandomXml(node(random, NAMES[random.nextInt(NAMES.length)], 0));
  }

  private static Node node(Random random, String name, int depth) {
    Node node = new Node(NAMESPACES[random.nextInt(NAMESPACES.length)], name);
    for (int i = 0; i < random.nextInt(3); i++) {
      node.attributes.put("a" + i, word(random));
    }
    if (depth >= 3 || random.nextInt(4) == 0) {
      node.text = random.nextBoolean() ? word(random) : "x & <y> " + random.nextInt(100);
      return node;
    }
    List<String> names = new ArrayList<>(List.of(NAMES));
    Collections.shuffle(names, random);
    for (String child : names.subList(0, 1 + random.nextInt(3))) {
      int count = random.nextInt(3) == 0 ? 2 + random.nextInt(2) : 1;
      // One namespace for a repeated name, as a schema would have it.
      Node first = node(random, child, depth + 1);
      node.children.add(first);
      for (int i = 1; i < count; i++) {
        Node next = node(random, child, depth + 1);
        node.children.add(new Node(first.namespace, child));
        Node same = node.children.get(node.children.size() - 1);
        same.attributes.putAll(next.attributes);
        same.text = next.text;
        same.children.addAll(next.children);
      }
    }
    return node;
  }

  private static String word(Random random) {
    return Long.toString(Math.abs(random.nextLong()) % 100_000, 36);
  }

  /** The document written with random prefixes, attribute order, indentation and CDATA. */
  String write(Random random, String prefixes) {
    StringBuilder out = new StringBuilder();
    if (random.nextBoolean()) {
      out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    write(root, random, prefixes, "", 0, out);
    return out.toString();
  }

  private static void write(
      Node node,
      Random random,
      String prefixes,
      String defaultNamespace,
      int depth,
      StringBuilder out) {
    String indent = random.nextBoolean() ? "\n" + "  ".repeat(depth) : "";
    out.append(indent).append('<');
    String declaration = "";
    String inScope = defaultNamespace;
    String qualified = node.name;
    if (node.namespace.isEmpty()) {
      if (!defaultNamespace.isEmpty()) {
        declaration = " xmlns=\"\"";
        inScope = "";
      }
    } else if (random.nextBoolean()) {
      String prefix = prefixes + random.nextInt(3);
      qualified = prefix + ":" + node.name;
      declaration = " xmlns:" + prefix + "=\"" + node.namespace + "\"";
    } else {
      declaration = " xmlns=\"" + node.namespace + "\"";
      inScope = node.namespace;
    }
    out.append(qualified).append(declaration);
    List<Map.Entry<String, String>> attributes = new ArrayList<>(node.attributes.entrySet());
    Collections.shuffle(attributes, random);
    for (Map.Entry<String, String> attribute : attributes) {
      out.append(' ')
          .append(attribute.getKey())
          .append("=\"")
          .append(attribute.getValue())
          .append('"');
    }
    out.append('>');
    if (random.nextInt(5) == 0) {
      out.append("<!-- written by ").append(prefixes).append(" -->");
    }
    if (node.text != null) {
      out.append(
          random.nextBoolean()
              ? "<![CDATA[" + node.text + "]]>"
              : node.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    }
    for (Node child : node.children) {
      write(child, random, prefixes, inScope, depth + 1, out);
    }
    out.append(node.children.isEmpty() ? "" : indent).append("</").append(qualified).append('>');
  }

  /** The same document with one text or attribute value changed, and the path Ficus names it by. */
  Changed withOneValueChanged(Random random) {
    Node copy = root.copy();
    List<String[]> places = new ArrayList<>();
    collect(copy, "/" + copy.name, places, new ArrayList<>());
    int pick = random.nextInt(places.size());
    String[] place = places.get(pick);
    Node target = nodes.get(pick);
    nodes.clear();
    if (place[1] == null) {
      target.text = target.text + "!";
    } else {
      target.attributes.put(place[1], target.attributes.get(place[1]) + "!");
    }
    return new Changed(new RandomXml(copy), place[0]);
  }

  private final List<Node> nodes = new ArrayList<>();

  private void collect(Node node, String path, List<String[]> places, List<Node> unused) {
    for (String attribute : node.attributes.keySet()) {
      places.add(new String[] {path + "/@" + attribute, attribute});
      nodes.add(node);
    }
    if (node.text != null) {
      places.add(new String[] {path, null});
      nodes.add(node);
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    node.children.forEach(child -> counts.merge(child.name, 1, Integer::sum));
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Node child : node.children) {
      int index = seen.merge(child.name, 1, Integer::sum);
      String childPath = path + "/" + child.name + (counts.get(child.name) > 1 ? "/" + index : "");
      collect(child, childPath, places, unused);
    }
  }
}
