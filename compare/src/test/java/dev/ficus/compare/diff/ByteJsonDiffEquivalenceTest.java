package dev.ficus.compare.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.compare.rules.CompareRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The byte-driven diff must say exactly what the tree diff says: random documents, random edits
 * (values, types, members added, removed and reordered, arrays grown, shrunk and shuffled,
 * spacing), random rules.
 */
class ByteJsonDiffEquivalenceTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] KEYS = {
    "id", "vin", "fare", "tags", "stops", "a/b", "m~n", "name", "x", "y"
  };

  @Test
  void agreesWithTheTreeDiffOnRandomDocumentsAndEdits() {
    Random random = new Random(Long.getLong("ficus.equivalence.seed", 20261125L));
    java.util.Map<DifferenceKind, Integer> seen = new java.util.EnumMap<>(DifferenceKind.class);
    int differing = 0;
    for (int round = 0; round < 50_000; round++) {
      JsonNode legacy = value(random, 0);
      JsonNode fresh = legacy.deepCopy();
      int edits = random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        fresh = edit(random, fresh, 0);
      }
      CompareRules rules = rules(random);
      byte[] legacyBytes = render(random, legacy);
      byte[] freshBytes = render(random, fresh);
      List<Difference> expected = JsonDiff.diff(legacy, fresh, rules);
      expected.forEach(d -> seen.merge(d.kind(), 1, Integer::sum));
      differing += expected.isEmpty() ? 0 : 1;
      List<Difference> actual = new ArrayList<>();
      ByteJsonDiff.diffInto(legacyBytes, freshBytes, rules, actual);
      assertThat(actual)
          .as(
              "round %d\nlegacy %s\nnew    %s\nrules %s",
              round,
              new String(legacyBytes, StandardCharsets.UTF_8),
              new String(freshBytes, StandardCharsets.UTF_8),
              rules)
          .isEqualTo(expected);
    }
    assertThat(seen)
        .as("every kind of difference is exercised")
        .containsOnlyKeys(DifferenceKind.values());
    assertThat(seen.values()).allSatisfy(count -> assertThat(count).isGreaterThan(50));
    assertThat(differing).as("rounds with differences").isGreaterThan(20_000);
    System.out.println("equivalence: " + differing + " rounds with differences, by kind " + seen);
  }

  private static JsonNode value(Random random, int depth) {
    int kind = depth > 3 ? 3 + random.nextInt(4) : random.nextInt(7);
    switch (kind) {
      case 0, 1 -> {
        ObjectNode object = NODES.objectNode();
        int members = random.nextInt(5);
        for (int i = 0; i < members; i++) {
          object.set(KEYS[random.nextInt(KEYS.length)], value(random, depth + 1));
        }
        return object;
      }
      case 2 -> {
        ArrayNode array = NODES.arrayNode();
        int elements = random.nextInt(5);
        for (int i = 0; i < elements; i++) {
          array.add(random.nextBoolean() ? scalar(random) : value(random, depth + 1));
        }
        return array;
      }
      default -> {
        return scalar(random);
      }
    }
  }

  private static JsonNode scalar(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> NODES.numberNode(random.nextInt(5));
      case 1 -> NODES.numberNode(random.nextInt(5) + 0.5);
      case 2 ->
          NODES.stringNode(
              random.nextBoolean() ? "v" + random.nextInt(3) : "q\"\\/" + random.nextInt(2));
      case 3 -> NODES.booleanNode(random.nextBoolean());
      case 4 -> NODES.nullNode();
      case 5 -> NODES.numberNode(new java.math.BigDecimal(random.nextInt(3) + ".0"));
      default -> NODES.stringNode("é" + random.nextInt(2));
    };
  }

  /** One random edit somewhere in the tree. */
  private static JsonNode edit(Random random, JsonNode node, int depth) {
    if (node instanceof ObjectNode object && object.size() > 0 && random.nextInt(3) > 0) {
      List<String> names = new ArrayList<>(object.propertyNames());
      String name = names.get(random.nextInt(names.size()));
      switch (random.nextInt(5)) {
        case 0 -> object.remove(name);
        case 1 -> object.set(KEYS[random.nextInt(KEYS.length)], value(random, depth + 1));
        case 2 -> {
          ObjectNode reordered = NODES.objectNode();
          Collections.shuffle(names, random);
          names.forEach(n -> reordered.set(n, object.get(n)));
          return reordered;
        }
        default -> object.set(name, edit(random, object.get(name), depth + 1));
      }
      return object;
    }
    if (node instanceof ArrayNode array && array.size() > 0 && random.nextInt(3) > 0) {
      int index = random.nextInt(array.size());
      switch (random.nextInt(5)) {
        case 0 -> array.remove(index);
        case 1 -> array.insert(index, value(random, depth + 1));
        case 2 -> {
          List<JsonNode> elements = new ArrayList<>();
          array.forEach(elements::add);
          Collections.shuffle(elements, random);
          ArrayNode shuffled = NODES.arrayNode();
          elements.forEach(shuffled::add);
          return shuffled;
        }
        default -> array.set(index, edit(random, array.get(index), depth + 1));
      }
      return array;
    }
    return random.nextInt(4) == 0 ? value(random, depth) : scalar(random);
  }

  private static CompareRules rules(Random random) {
    CompareRules.Builder rules = CompareRules.custom();
    if (random.nextInt(4) == 0) {
      rules.ignore("/" + KEYS[random.nextInt(KEYS.length)].replace("~", "~0").replace("/", "~1"));
    }
    if (random.nextInt(4) == 0) {
      rules.ignore("/*/" + KEYS[random.nextInt(3)]);
    }
    if (random.nextInt(4) == 0) {
      rules.unordered("/" + KEYS[random.nextInt(5)], random.nextBoolean() ? "id" : null);
    }
    if (random.nextInt(4) == 0) {
      rules.unordered("", null);
    }
    if (random.nextInt(4) == 0) {
      rules.tolerance("/*", 0.6, 0);
    }
    return rules.build();
  }

  /** Compact, pretty, or with stray spacing: answers from different serializers. */
  private static byte[] render(Random random, JsonNode node) {
    String text =
        switch (random.nextInt(3)) {
          case 0 -> JSON.writeValueAsString(node);
          case 1 -> JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
          default -> JSON.writeValueAsString(node).replace(",", " , ").replace(":", ": ");
        };
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
