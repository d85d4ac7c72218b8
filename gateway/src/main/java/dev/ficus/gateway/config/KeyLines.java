package dev.ficus.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;

/**
 * The line a key is written on in a YAML file. Spring Boot's origin of a value is the value's line,
 * which for a misspelled section ({@code routs:}) is the line of the first value below it.
 */
final class KeyLines {

  /** A key (after any list dashes) and its colon. */
  private static final Pattern KEY =
      Pattern.compile("^(\\s*(?:-\\s+)*)[\"']?([^\"'#:\\s][^\"'#:]*?)[\"']?\\s*:(\\s|$)");

  private KeyLines() {}

  /**
   * @param valueLine the line of a value below (or of) the key, counted from 0
   * @param key one part of the key, as Spring Boot names it
   * @return the line of the nearest {@code key:} above the value at an indentation that can hold
   *     it, counted from 0; {@code valueLine} when none is found or the file is not YAML
   */
  static int lineOf(Resource file, int valueLine, String key) {
    String name = file.getFilename() == null ? "" : file.getFilename().toLowerCase(Locale.ROOT);
    if (!(name.endsWith(".yml") || name.endsWith(".yaml"))) {
      return valueLine;
    }
    List<String> lines;
    try (InputStream in = file.getInputStream()) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      return valueLine;
    }
    if (valueLine < 0 || valueLine >= lines.size()) {
      return valueLine;
    }
    String wanted = uniform(key);
    int column = column(lines.get(valueLine));
    for (int i = valueLine; i >= 0; i--) {
      Matcher matcher = KEY.matcher(lines.get(i));
      if (matcher.find()
          && matcher.end(1) <= column
          && List.of(uniform(matcher.group(2).trim()).split("\\.")).contains(wanted)) {
        return i;
      }
    }
    return valueLine;
  }

  /** Where a line's content starts, after its indentation and list dashes. */
  private static int column(String line) {
    int i = 0;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '-')) {
      i++;
    }
    return i;
  }

  private static String uniform(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }
}
