package dev.ficus.replay.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * HAR files from a seeded generator of hostile edits (wrong types anywhere, missing fields, broken
 * base64, negative times, truncation): reading one either gives its readable entries and names each
 * bad one, or refuses the file with an IOException naming it; nothing else escapes.
 */
class HostileHarTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String VALID =
      """
      {"log":{"version":"1.2","entries":[{"startedDateTime":"2026-11-29T10:00:00Z","time":12.5,
      "request":{"method":"GET","url":"http://x/trips/1?a=b","headers":[{"name":"Accept","value":"*/*"}],
      "postData":{"mimeType":"application/json","text":"{}"}},
      "response":{"status":200,"headers":[{"name":"Content-Type","value":"application/json"}],
      "content":{"mimeType":"application/json","text":"eyJhIjoxfQ==","encoding":"base64"}}}]}}""";
  static final String[] FIELDS = {
    "startedDateTime",
    "time",
    "request",
    "method",
    "url",
    "headers",
    "postData",
    "text",
    "response",
    "status",
    "content",
    "encoding",
    "mimeType",
    "entries",
    "log",
    "name",
    "value"
  };

  @TempDir Path dir;

  @Test
  void everyHostileHarIsReadOrRefusedByName() throws IOException {
    Random random = new Random(Long.getLong("ficus.hostile.seed", 20261129L));
    int read = 0;
    int refused = 0;
    for (int round = 0; round < 3_000; round++) {
      String text = random.nextInt(8) == 0 ? truncated(random) : mutated(random);
      Path file = dir.resolve("h" + round + ".har");
      Files.writeString(file, text);
      List<String> bad = new ArrayList<>();
      try {
        var entries = Har.read(file, bad::add);
        assertThat(entries.size() + bad.size()).as(text).isLessThanOrEqualTo(2);
        assertThat(bad).allSatisfy(line -> assertThat(line).startsWith(file + ": log.entries["));
        read++;
      } catch (IOException refusedFile) {
        assertThat(refusedFile.getMessage()).as(text).startsWith(file.toString());
        refused++;
      } catch (RuntimeException escaped) {
        throw new AssertionError(
            "round " + round + " escaped with " + escaped + "\n" + text, escaped);
      }
    }
    assertThat(read).isGreaterThan(100);
    assertThat(refused).isGreaterThan(100);
  }

  private static String truncated(Random random) {
    return VALID.substring(0, random.nextInt(VALID.length()));
  }

  private String mutated(Random random) {
    JsonNode root = JSON.readTree(VALID);
    ObjectNode log = (ObjectNode) root.get("log");
    ObjectNode entry = (ObjectNode) log.get("entries").get(0);
    log.withArray("entries").add(entry.deepCopy());
    for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
      mutate(random, root);
    }
    return root.toString();
  }

  /** Replaces one field somewhere with a value of another type, or removes it. */
  private static void mutate(Random random, JsonNode node) {
    List<ObjectNode> holders = new ArrayList<>();
    collect(node, holders);
    ObjectNode holder = holders.get(random.nextInt(holders.size()));
    String field = FIELDS[random.nextInt(FIELDS.length)];
    switch (random.nextInt(8)) {
      case 0 -> holder.remove(field);
      case 1 -> holder.putObject(field);
      case 2 -> holder.putArray(field).add(1).add("x");
      case 3 -> holder.put(field, -1.5e300);
      case 4 -> holder.put(field, "%%%not base64 or url%%% \u0000");
      case 5 -> holder.putNull(field);
      case 6 -> holder.put(field, true);
      default -> holder.put(field, "x".repeat(random.nextInt(10_000)));
    }
  }

  private static void collect(JsonNode node, List<ObjectNode> holders) {
    if (node instanceof ObjectNode object) {
      holders.add(object);
    }
    node.values().forEach(child -> collect(child, holders));
  }

  static {
    assertThat(VALID.getBytes(StandardCharsets.UTF_8)).isNotEmpty();
  }
}
