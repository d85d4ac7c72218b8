package dev.ficus.replay.config;

import dev.ficus.compare.config.ConfigKeys;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The keys of a gateway configuration file as Spring Boot sees them ({@code
 * ficus.routes[0].shadow.enabled}), each with its line, checked against {@link ConfigKeys} the same
 * way the gateway checks them at start-up.
 */
final class YamlKeys {

  private YamlKeys() {}

  /**
   * One problem per unknown key under {@code ficus}, naming the line the unknown key is written on
   * (for a misspelled section, the section's line, not the line of a value below it).
   */
  static List<String> unknown(String yaml, String fileName) {
    ConfigKeys keys = ConfigKeys.ficus();
    Map<String, Integer> names = new LinkedHashMap<>();
    Map<String, Integer> values = flatten(yaml, names);
    Map<String, String> problems = new LinkedHashMap<>();
    values.forEach(
        (key, line) ->
            keys.check(key, null)
                .ifPresent(
                    unknown ->
                        problems.putIfAbsent(
                            unknown.key(),
                            unknown
                                .at(fileName + " line " + names.getOrDefault(unknown.key(), line))
                                .message())));
    return new ArrayList<>(problems.values());
  }

  static Map<String, Integer> flatten(String yaml) {
    return flatten(yaml, new LinkedHashMap<>());
  }

  /**
   * Every leaf (and empty section) of the document by its flattened key, with the line of its
   * value; {@code names} receives the line of every key's name, sections included. Walked with an
   * explicit stack, so no nesting depth can exhaust the thread's.
   */
  private static Map<String, Integer> flatten(String yaml, Map<String, Integer> names) {
    Map<String, Integer> keys = new LinkedHashMap<>();
    Deque<Frame> stack = new ArrayDeque<>();
    try (JsonParser parser = new YAMLMapper().createParser(yaml)) {
      String pending = "";
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        Frame top = stack.peek();
        int line = parser.currentTokenLocation().getLineNr();
        switch (token) {
          case PROPERTY_NAME -> {
            pending = join(top == null ? "" : top.prefix, parser.currentName());
            names.putIfAbsent(pending, line);
          }
          case END_OBJECT, END_ARRAY -> {
            Frame closed = stack.pop();
            if (closed.members == 0 && !closed.prefix.isEmpty()) {
              keys.putIfAbsent(closed.prefix, line);
            }
          }
          default -> {
            String here =
                top == null ? "" : top.array ? top.prefix + "[" + top.members + "]" : pending;
            if (top != null) {
              top.members++;
            }
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
              stack.push(new Frame(here, token == JsonToken.START_ARRAY));
            } else {
              keys.putIfAbsent(here, line);
            }
          }
        }
      }
    }
    return keys;
  }

  private static String join(String prefix, String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  /** An open object or list: its key and how many members it has shown so far. */
  private static final class Frame {
    final String prefix;
    final boolean array;
    int members;

    Frame(String prefix, boolean array) {
      this.prefix = prefix;
      this.array = array;
    }
  }
}
