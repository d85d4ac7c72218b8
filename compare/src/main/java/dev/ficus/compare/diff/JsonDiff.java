package dev.ficus.compare.diff;

import dev.ficus.compare.rules.CompareRules;
import dev.ficus.compare.rules.Tolerance;
import dev.ficus.compare.rules.UnorderedArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;

/**
 * Structural diff of two JSON trees under a route's rules, in one walk. Paths are kept as segments
 * and turned into JSON Pointers only where a difference is found, so equal subtrees cost a
 * comparison and nothing more.
 */
public final class JsonDiff {

  private static final int MAX_RENDERED = 200;
  private static final String[] INDEXES = new String[1024];

  static {
    for (int i = 0; i < INDEXES.length; i++) {
      INDEXES[i] = Integer.toString(i);
    }
  }

  private final CompareRules rules;
  private final boolean checkRules;
  private final List<Difference> out;
  private String[] path = new String[32];
  private int depth;

  private JsonDiff(CompareRules rules, List<Difference> out) {
    this.rules = rules;
    this.checkRules = rules.hasPathRules();
    this.out = out;
  }

  /** The differences of {@code fresh} from {@code legacy}, in document order. */
  public static List<Difference> diff(JsonNode legacy, JsonNode fresh, CompareRules rules) {
    List<Difference> out = new ArrayList<>();
    new JsonDiff(rules, out).node(legacy, fresh);
    return out;
  }

  /** Adds the differences to {@code out}, under the body path {@code ""}. */
  static void diffInto(JsonNode legacy, JsonNode fresh, CompareRules rules, List<Difference> out) {
    new JsonDiff(rules, out).node(legacy, fresh);
  }

  /** Adds the differences of two subtrees found at {@code path[0..depth)} to {@code out}. */
  static void diffAt(
      String[] path,
      int depth,
      JsonNode legacy,
      JsonNode fresh,
      CompareRules rules,
      List<Difference> out) {
    JsonDiff diff = new JsonDiff(rules, out);
    diff.path = Arrays.copyOf(path, Math.max(depth + 8, 32));
    diff.depth = depth;
    diff.node(legacy, fresh);
  }

  private void node(JsonNode legacy, JsonNode fresh) {
    if (checkRules && rules.isIgnored(path, depth)) {
      return;
    }
    JsonNodeType type = legacy.getNodeType();
    if (type != fresh.getNodeType()) {
      out.add(new Difference.TypeChanged(pointer(), typeName(legacy), typeName(fresh)));
      return;
    }
    switch (type) {
      case OBJECT -> object(legacy, fresh);
      case ARRAY -> array(legacy, fresh);
      case NUMBER -> number(legacy, fresh);
      default -> {
        if (!legacy.equals(fresh)) {
          out.add(new Difference.ValueChanged(pointer(), render(legacy), render(fresh)));
        }
      }
    }
  }

  private void object(JsonNode legacy, JsonNode fresh) {
    for (Map.Entry<String, JsonNode> property : legacy.properties()) {
      String name = property.getKey();
      JsonNode other = fresh.get(name);
      push(name);
      if (other != null) {
        node(property.getValue(), other);
      } else if (!(checkRules && rules.isIgnored(path, depth))) {
        out.add(new Difference.MissingOnNew(pointer(), render(property.getValue())));
      }
      pop();
    }
    for (Map.Entry<String, JsonNode> property : fresh.properties()) {
      if (legacy.get(property.getKey()) == null) {
        push(property.getKey());
        if (!(checkRules && rules.isIgnored(path, depth))) {
          out.add(new Difference.ExtraOnNew(pointer(), render(property.getValue())));
        }
        pop();
      }
    }
  }

  private void array(JsonNode legacy, JsonNode fresh) {
    UnorderedArray unordered = checkRules ? rules.unordered(path, depth) : null;
    if (unordered != null) {
      unorderedArray(legacy, fresh, unordered.key());
      return;
    }
    if (legacy.size() != fresh.size()) {
      out.add(new Difference.ArrayLengthChanged(pointer(), legacy.size(), fresh.size()));
      return;
    }
    int mark = out.size();
    for (int i = 0; i < legacy.size(); i++) {
      push(index(i));
      node(legacy.get(i), fresh.get(i));
      pop();
    }
    if (out.size() > mark && sameElementsInAnyOrder(legacy, fresh)) {
      out.subList(mark, out.size()).clear();
      out.add(new Difference.ArrayOrderChanged(pointer()));
    }
  }

  private void unorderedArray(JsonNode legacy, JsonNode fresh, String key) {
    Map<Object, List<Integer>> unmatched = new HashMap<>();
    for (int j = 0; j < fresh.size(); j++) {
      unmatched.computeIfAbsent(identity(fresh.get(j), key), k -> new ArrayList<>(1)).add(j);
    }
    boolean[] paired = new boolean[fresh.size()];
    for (int i = 0; i < legacy.size(); i++) {
      JsonNode element = legacy.get(i);
      List<Integer> candidates = unmatched.get(identity(element, key));
      push(index(i));
      if (candidates == null || candidates.isEmpty()) {
        if (!(checkRules && rules.isIgnored(path, depth))) {
          out.add(new Difference.MissingOnNew(pointer(), render(element)));
        }
      } else {
        int j = candidates.remove(0);
        paired[j] = true;
        node(element, fresh.get(j));
      }
      pop();
    }
    for (int j = 0; j < fresh.size(); j++) {
      if (!paired[j]) {
        push(index(j));
        if (!(checkRules && rules.isIgnored(path, depth))) {
          out.add(new Difference.ExtraOnNew(pointer(), render(fresh.get(j))));
        }
        pop();
      }
    }
  }

  /** What pairs an element of an unordered array: its key field, or the whole element. */
  private static Object identity(JsonNode element, String key) {
    if (key == null) {
      return element;
    }
    JsonNode value = element.get(key);
    return value == null ? element : value;
  }

  private static boolean sameElementsInAnyOrder(JsonNode legacy, JsonNode fresh) {
    Map<JsonNode, Integer> counts = new HashMap<>();
    for (JsonNode element : legacy) {
      counts.merge(element, 1, Integer::sum);
    }
    for (JsonNode element : fresh) {
      Integer count = counts.get(element);
      if (count == null) {
        return false;
      }
      if (count == 1) {
        counts.remove(element);
      } else {
        counts.put(element, count - 1);
      }
    }
    return counts.isEmpty();
  }

  private void number(JsonNode legacy, JsonNode fresh) {
    if (legacy.isIntegralNumber()
        && fresh.isIntegralNumber()
        && legacy.canConvertToLong()
        && fresh.canConvertToLong()) {
      if (legacy.longValue() == fresh.longValue()) {
        return;
      }
    } else if (!finite(legacy) || !finite(fresh)) {
      // A number too large for a double (1e400) was read as infinite: only the same text is equal.
      if (legacy.asString().equals(fresh.asString())) {
        return;
      }
    } else if (legacy.decimalValue().compareTo(fresh.decimalValue()) == 0) {
      return;
    }
    Tolerance tolerance = checkRules ? rules.tolerance(path, depth) : null;
    if (tolerance != null && tolerance.accepts(legacy.doubleValue(), fresh.doubleValue())) {
      return;
    }
    out.add(new Difference.ValueChanged(pointer(), render(legacy), render(fresh)));
  }

  private static boolean finite(JsonNode number) {
    return !(number.isDouble() || number.isFloat()) || Double.isFinite(number.doubleValue());
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

  private static String index(int i) {
    return i < INDEXES.length ? INDEXES[i] : Integer.toString(i);
  }

  private String pointer() {
    if (depth == 0) {
      return "";
    }
    StringBuilder pointer = new StringBuilder(depth * 8);
    for (int i = 0; i < depth; i++) {
      pointer.append('/');
      String segment = path[i];
      if (segment.indexOf('~') < 0 && segment.indexOf('/') < 0) {
        pointer.append(segment);
      } else {
        pointer.append(segment.replace("~", "~0").replace("/", "~1"));
      }
    }
    return pointer.toString();
  }

  /** The JSON Pointer of {@code path[0..depth)}. */
  static String pointer(String[] path, int depth) {
    JsonDiff diff = new JsonDiff(CompareRules.ofDefaults(), null);
    diff.path = path;
    diff.depth = depth;
    return diff.pointer();
  }

  /** Whether any prefix of {@code path[0..depth)}, itself included, is ignored by the rules. */
  static boolean ignoredWithin(CompareRules rules, String[] path, int depth) {
    for (int d = 0; d <= depth; d++) {
      if (rules.isIgnored(path, d)) {
        return true;
      }
    }
    return false;
  }

  static String typeName(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "object";
      case ARRAY -> "array";
      case NUMBER -> "number";
      case STRING -> "string";
      case BOOLEAN -> "boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** Compact JSON of a value, cut to a bounded length. */
  static String render(JsonNode node) {
    String text = node.toString();
    return text.length() <= MAX_RENDERED ? text : text.substring(0, MAX_RENDERED) + "…";
  }
}
