package dev.ficus.compare.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ficus.compare.ExchangeComparator;
import dev.ficus.compare.Exchanges;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.noise.NoiseLearner;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.compare.rules.CompareRules;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adversarial answers, drawn from a seeded generator (rerun one with {@code -Dficus.hostile.seed}):
 * truncated, BOMs, invalid UTF-8, NaN and Infinity, duplicate keys, huge and long numbers, deep and
 * wide documents, long strings, control characters, lone surrogates, trailing garbage. No exception
 * escapes the comparison of either engine; and wherever Jackson reads both sides as strict JSON,
 * the byte engine's answer is the tree engine's.
 */
class HostileDocumentsTest {

  // Strict JSON: a document with duplicate member names has no one meaning (RFC 8259:
  // "unpredictable"),
  // so it is left out of the equivalence; the byte engine compares its members in document order.
  private static final JsonMapper JSON =
      JsonLimits.mapper()
          .rebuild()
          .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();
  private static final String[] BASES = {
    "{\"id\":1,\"fare\":12.5,\"tags\":[\"a\",\"b\"],\"stops\":[{\"at\":\"x\"},{\"at\":\"y\"}]}",
    "[1,2,3,{\"a\":null,\"b\":true}]",
    "{\"a\":{\"b\":{\"c\":[1,[2,[3]]]}},\"s\":\"caf\u00e9 \\u00e9 \\n\"}",
    "\"just a string\"",
    "42",
    "{}",
  };

  @Test
  void noHostileAnswerBreaksEitherEngine() {
    Random random = new Random(Long.getLong("ficus.hostile.seed", 20261129L));
    ExchangeComparator comparator =
        new ExchangeComparator(CompareRules.ofDefaults(), new NoiseLearner());
    int bothParsed = 0;
    for (int round = 0; round < 4_000; round++) {
      byte[] legacy = document(random);
      byte[] fresh = random.nextInt(3) == 0 ? legacy.clone() : document(random);
      RecordedResponse a = response(legacy);
      RecordedResponse b = response(fresh);
      String where =
          "round " + round + "\nlegacy " + preview(legacy) + "\nnew    " + preview(fresh);
      List<Difference> byBytes = new ArrayList<>();
      assertThatCode(
              () -> byBytes.addAll(ResponseComparator.compare(a, b, CompareRules.ofDefaults())))
          .as(where)
          .doesNotThrowAnyException();
      assertThatCode(
              () -> {
                Outcome outcome = comparator.compare(Exchanges.exchange(a, b));
                assertThat(outcome).isNotNull();
              })
          .as(where)
          .doesNotThrowAnyException();
      JsonNode legacyTree = tree(legacy);
      JsonNode freshTree = tree(fresh);
      if (legacyTree != null
          && freshTree != null
          && !JsonLimits.tooDeep(legacy)
          && !JsonLimits.tooDeep(fresh)) {
        bothParsed++;
        assertThat(byBytes)
            .as(where)
            .isEqualTo(JsonDiff.diff(legacyTree, freshTree, CompareRules.ofDefaults()));
      }
    }
    assertThat(bothParsed).as("rounds where both sides are JSON").isGreaterThan(500);
  }

  private static RecordedResponse response(byte[] body) {
    return RecordedResponse.answered(
        200, Map.of(), Body.of(body, "application/json"), Duration.ofMillis(3));
  }

  private static JsonNode tree(byte[] bytes) {
    try {
      JsonNode tree = JSON.readTree(bytes);
      // Jackson reads no bytes at all as a "missing" node: that is an empty body, not JSON.
      return tree.isMissingNode() ? null : tree;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  /** A document, hostile more often than not. */
  private static byte[] document(Random random) {
    String base = BASES[random.nextInt(BASES.length)];
    byte[] bytes = base.getBytes(StandardCharsets.UTF_8);
    return switch (random.nextInt(16)) {
      case 0 -> java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
      case 1 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes);
      case 2 -> insert(random, bytes, new byte[] {(byte) 0xC3, (byte) 0x28});
      case 3 -> insert(random, bytes, new byte[] {(byte) 0xFF, (byte) 0xFE});
      case 4 ->
          ascii(
              base.replaceFirst("12\\.5|1(?=,)|42", pick(random, "NaN", "Infinity", "-Infinity")));
      case 5 -> ascii("{\"a\":1,\"a\":" + random.nextInt(3) + ",\"b\":[1],\"b\":{}}");
      case 6 ->
          ascii(
              "{\"n\":"
                  + pick(random, "1e400", "-1E-400", "-0", "0.0000000000000000000001")
                  + ",\"m\":"
                  + "9".repeat(1 + random.nextInt(3_000))
                  + "}");
      case 7 ->
          nested(
              random.nextBoolean()
                  ? JsonLimits.MAX_DEPTH - 1
                  : JsonLimits.MAX_DEPTH + 1 + random.nextInt(20_000));
      case 8 -> wide(random.nextInt(5_000));
      case 9 -> ascii("{\"s\":\"" + "x".repeat(random.nextInt(300_000)) + "\"}");
      case 10 -> ascii("{\"s\":\"line\nbreak\ttab\u0001\"}");
      case 11 -> ascii("{\"s\":\"\\ud800 lone\",\"t\":\"\\udc00\"}");
      case 12 -> concat(bytes, ascii(pick(random, "x", "}", "]", " {}", "\u0000")));
      case 13 -> ascii(pick(random, "", " ", "\n\t", "null", "nul", "{\"a\":}", "[,]"));
      default -> bytes;
    };
  }

  private static String pick(Random random, String... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] nested(int depth) {
    return ascii("[".repeat(depth) + "1" + "]".repeat(depth));
  }

  private static byte[] wide(int members) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < members; i++) {
      json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
    }
    return ascii(json.append('}').toString());
  }

  private static byte[] insert(Random random, byte[] bytes, byte[] inserted) {
    int at = random.nextInt(bytes.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    out.write(inserted, 0, inserted.length);
    out.write(bytes, at, bytes.length - at);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static String preview(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) + "... (" + bytes.length + " bytes)" : text;
  }
}
