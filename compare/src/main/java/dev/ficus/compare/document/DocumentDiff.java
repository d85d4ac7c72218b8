package dev.ficus.compare.document;

import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.rules.CompareRules;
import dev.ficus.compare.rules.Tolerance;
import dev.ficus.compare.rules.UnorderedArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Structural diff of two lifted markup documents under a route's rules, in the paths users write
 * rules in: element names ({@code /Envelope/Body/GetTripResponse/trip/fare}), a 1-based index where
 * an element repeats ({@code /trips/trip/2/fare}), {@code @name} for an attribute and {@code #text}
 * for the own text of an element that also has children. Elements of different names are compared
 * whatever their order; elements of one name by position, or by a key where the route declares them
 * {@code unordered} (the key an attribute {@code @id} or a child element {@code id}).
 */
public final class DocumentDiff {

  private static final int MAX_RENDERED = 200;

  private final CompareRules rules;
  private final boolean checkRules;
  private final List<Difference> out;
  private final List<Judgement> judgements;
  private String[] path = new String[32];
  private int depth;

  /**
   * One judgement a format adds before the generic walk (a SOAP Fault against an answer): it may
   * report the two elements' difference itself and end the walk there.
   */
  @FunctionalInterface
  public interface Judgement {
    /**
     * @return true when it reported what differs here and the walk must not go deeper
     */
    boolean judge(Element legacy, Element fresh, Walk walk);
  }

  /** What a judgement may do: report a difference at the current path. */
  public interface Walk {
    void report(Difference difference);

    String pointer();
  }

  private DocumentDiff(CompareRules rules, List<Difference> out, List<Judgement> judgements) {
    this.rules = rules;
    this.checkRules = rules.hasPathRules();
    this.out = out;
    this.judgements = judgements;
  }

  /** Adds the differences of {@code fresh} from {@code legacy}, both document roots, to out. */
  public static void diffInto(
      Element legacy,
      Element fresh,
      CompareRules rules,
      List<Judgement> judgements,
      List<Difference> out) {
    new DocumentDiff(rules, out, judgements).content(legacy, fresh);
  }

  private void element(Element legacy, Element fresh) {
    if (!legacy.namespace().equals(fresh.namespace())) {
      out.add(new Difference.TypeChanged(pointer(), qualified(legacy), qualified(fresh)));
      return;
    }
    Walk walk =
        new Walk() {
          @Override
          public void report(Difference difference) {
            out.add(difference);
          }

          @Override
          public String pointer() {
            return DocumentDiff.this.pointer();
          }
        };
    for (Judgement judgement : judgements) {
      if (judgement.judge(legacy, fresh, walk)) {
        return;
      }
    }
    attributes(legacy, fresh);
    content(legacy, fresh);
  }

  private void attributes(Element legacy, Element fresh) {
    Map<String, String> a = legacy.attributes();
    Map<String, String> b = fresh.attributes();
    if (a.equals(b)) {
      return;
    }
    Set<String> names = new LinkedHashSet<>(a.keySet());
    names.addAll(b.keySet());
    for (String name : names) {
      push("@" + name);
      if (!ignored()) {
        value(a.get(name), b.get(name));
      }
      pop();
    }
  }

  /** The element's own text, then its children. */
  private void content(Element legacy, Element fresh) {
    boolean leaves = legacy.children().isEmpty() && fresh.children().isEmpty();
    if (!legacy.text().equals(fresh.text())) {
      if (!leaves) {
        push("#text");
      }
      if (!ignored()) {
        value(
            legacy.text().isEmpty() ? null : legacy.text(),
            fresh.text().isEmpty() ? null : fresh.text());
      }
      if (!leaves) {
        pop();
      }
    }
    if (leaves) {
      return;
    }
    Map<String, List<Element>> a = byName(legacy);
    Map<String, List<Element>> b = byName(fresh);
    for (Map.Entry<String, List<Element>> group : a.entrySet()) {
      List<Element> others = b.get(group.getKey());
      push(group.getKey());
      if (!ignored()) {
        group(group.getValue(), others == null ? List.of() : others);
      }
      pop();
    }
    for (Map.Entry<String, List<Element>> group : b.entrySet()) {
      if (!a.containsKey(group.getKey())) {
        push(group.getKey());
        if (!ignored()) {
          group(List.of(), group.getValue());
        }
        pop();
      }
    }
  }

  /** The elements of one name under one parent, on both sides. */
  private void group(List<Element> legacy, List<Element> fresh) {
    if (fresh.isEmpty()) {
      out.add(new Difference.MissingOnNew(pointer(), rendered(legacy)));
      return;
    }
    if (legacy.isEmpty()) {
      out.add(new Difference.ExtraOnNew(pointer(), rendered(fresh)));
      return;
    }
    UnorderedArray unordered = checkRules ? rules.unordered(path, depth) : null;
    if (unordered != null) {
      unorderedGroup(legacy, fresh, unordered.key());
      return;
    }
    if (legacy.size() != fresh.size()) {
      out.add(new Difference.ArrayLengthChanged(pointer(), legacy.size(), fresh.size()));
      return;
    }
    if (legacy.size() == 1) {
      element(legacy.get(0), fresh.get(0));
      return;
    }
    int mark = out.size();
    for (int i = 0; i < legacy.size(); i++) {
      push(Integer.toString(i + 1));
      if (!ignored()) {
        element(legacy.get(i), fresh.get(i));
      }
      pop();
    }
    if (out.size() > mark && sameInAnyOrder(legacy, fresh)) {
      out.subList(mark, out.size()).clear();
      out.add(new Difference.ArrayOrderChanged(pointer()));
    }
  }

  private void unorderedGroup(List<Element> legacy, List<Element> fresh, String key) {
    Map<String, List<Integer>> unmatched = new HashMap<>();
    for (int j = 0; j < fresh.size(); j++) {
      unmatched.computeIfAbsent(identity(fresh.get(j), key), k -> new ArrayList<>(1)).add(j);
    }
    boolean[] paired = new boolean[fresh.size()];
    boolean indexed = legacy.size() > 1 || fresh.size() > 1;
    for (int i = 0; i < legacy.size(); i++) {
      List<Integer> candidates = unmatched.get(identity(legacy.get(i), key));
      if (indexed) {
        push(Integer.toString(i + 1));
      }
      if (!ignored()) {
        if (candidates == null || candidates.isEmpty()) {
          out.add(
              new Difference.MissingOnNew(pointer(), quoted(legacy.get(i).render(MAX_RENDERED))));
        } else {
          int j = candidates.remove(0);
          paired[j] = true;
          element(legacy.get(i), fresh.get(j));
        }
      }
      if (indexed) {
        pop();
      }
    }
    for (int j = 0; j < fresh.size(); j++) {
      if (!paired[j]) {
        if (indexed) {
          push(Integer.toString(j + 1));
        }
        if (!ignored()) {
          out.add(new Difference.ExtraOnNew(pointer(), quoted(fresh.get(j).render(MAX_RENDERED))));
        }
        if (indexed) {
          pop();
        }
      }
    }
  }

  /**
   * What pairs an element of an unordered group: an attribute {@code @key}, a child's text, or all
   * of it.
   */
  private static String identity(Element element, String key) {
    if (key != null) {
      if (key.startsWith("@")) {
        String value = element.attributes().get(key.substring(1));
        if (value != null) {
          return "=" + value;
        }
      } else {
        Element child = element.child(key);
        if (child != null) {
          return "=" + child.text();
        }
        String value = element.attributes().get(key);
        if (value != null) {
          return "=" + value;
        }
      }
    }
    return element.canonical();
  }

  private static boolean sameInAnyOrder(List<Element> legacy, List<Element> fresh) {
    Map<String, Integer> counts = new HashMap<>();
    for (Element element : legacy) {
      counts.merge(element.canonical(), 1, Integer::sum);
    }
    for (Element element : fresh) {
      Integer count = counts.get(element.canonical());
      if (count == null) {
        return false;
      }
      if (count == 1) {
        counts.remove(element.canonical());
      } else {
        counts.put(element.canonical(), count - 1);
      }
    }
    return counts.isEmpty();
  }

  /** Two values at the current path (text or attribute), either possibly absent. */
  private void value(String legacy, String fresh) {
    if (legacy == null && fresh == null || legacy != null && legacy.equals(fresh)) {
      return;
    }
    if (fresh == null) {
      out.add(new Difference.MissingOnNew(pointer(), quoted(legacy)));
    } else if (legacy == null) {
      out.add(new Difference.ExtraOnNew(pointer(), quoted(fresh)));
    } else if (!tolerated(legacy, fresh)) {
      out.add(new Difference.ValueChanged(pointer(), quoted(legacy), quoted(fresh)));
    }
  }

  private boolean tolerated(String legacy, String fresh) {
    Tolerance tolerance = checkRules ? rules.tolerance(path, depth) : null;
    if (tolerance == null) {
      return false;
    }
    try {
      return tolerance.accepts(Double.parseDouble(legacy.trim()), Double.parseDouble(fresh.trim()));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Map<String, List<Element>> byName(Element parent) {
    Map<String, List<Element>> groups = new LinkedHashMap<>();
    for (Element child : parent.children()) {
      groups.computeIfAbsent(child.name(), k -> new ArrayList<>(1)).add(child);
    }
    return groups;
  }

  private boolean ignored() {
    return checkRules && rules.isIgnored(path, depth);
  }

  private static String qualified(Element element) {
    return element.namespace().isEmpty()
        ? element.name()
        : "{" + element.namespace() + "}" + element.name();
  }

  private static String rendered(List<Element> elements) {
    if (elements.size() == 1) {
      return quoted(elements.get(0).render(MAX_RENDERED));
    }
    StringBuilder all = new StringBuilder();
    for (Element element : elements) {
      all.append(element.render(MAX_RENDERED));
      if (all.length() > MAX_RENDERED) {
        break;
      }
    }
    return quoted(all.toString());
  }

  /** A value as JSON text, cut to a bounded length, as every difference holds it. */
  public static String quoted(String text) {
    String cut = text.length() <= MAX_RENDERED ? text : text.substring(0, MAX_RENDERED) + "…";
    return JsonNodeFactory.instance.stringNode(cut).toString();
  }

  private void push(String segment) {
    if (depth == path.length) {
      path = Arrays.copyOf(path, depth * 2);
    }
    path[depth++] = segment;
  }

  private void pop() {
    path[--depth] = null;
  }

  private String pointer() {
    StringBuilder pointer = new StringBuilder(depth * 8);
    for (int i = 0; i < depth; i++) {
      pointer.append('/').append(path[i].replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }
}
