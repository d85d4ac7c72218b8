package dev.ficus.compare.text;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Chunk;
import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.document.DocumentDiff;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.lift.BodyFormat;
import dev.ficus.compare.lift.MediaTypes;
import dev.ficus.compare.rules.CompareRules;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Text ({@code text/plain}, {@code text/csv}, and any body that claims a structured type and does
 * not parse) compared line by line with a line diff, so a changed line is named ({@code /line/7},
 * legacy's line number; an added line by the new side's), not the whole body. An ignore rule on
 * {@code /line/N} leaves that line out.
 */
public final class TextFormat implements BodyFormat<List<String>> {

  /** Past this many differing lines, the rest of a body is one difference. */
  static final int MAX_LINES_REPORTED = 100;

  @Override
  public String kind() {
    return "text";
  }

  @Override
  public boolean accepts(String mediaType) {
    return mediaType.startsWith("text/")
        || mediaType.equals("application/javascript")
        || mediaType.equals("application/x-ndjson")
        || mediaType.equals("application/csv");
  }

  @Override
  public List<String> lift(Body body) {
    Charset charset = MediaTypes.charset(body.contentType());
    return lines(new String(body.bytes(), charset == null ? StandardCharsets.UTF_8 : charset));
  }

  /** The lines of a text, without their line ends. */
  public static List<String> lines(String text) {
    return text.lines().toList();
  }

  @Override
  public void diff(
      List<String> legacy, List<String> fresh, CompareRules rules, List<Difference> out) {
    if (legacy.equals(fresh)) {
      return;
    }
    int reported = 0;
    for (AbstractDelta<String> delta : DiffUtils.diff(legacy, fresh).getDeltas()) {
      Chunk<String> source = delta.getSource();
      Chunk<String> target = delta.getTarget();
      int paired = Math.min(source.size(), target.size());
      for (int i = 0; i < Math.max(source.size(), target.size()); i++) {
        if (reported == MAX_LINES_REPORTED) {
          out.add(
              new Difference.ValueChanged(
                  "/line",
                  DocumentDiff.quoted(legacy.size() + " lines"),
                  DocumentDiff.quoted(fresh.size() + " lines")));
          return;
        }
        Difference difference;
        if (i < paired) {
          difference =
              new Difference.ValueChanged(
                  line(source.getPosition() + i),
                  DocumentDiff.quoted(source.getLines().get(i)),
                  DocumentDiff.quoted(target.getLines().get(i)));
        } else if (i < source.size()) {
          difference =
              new Difference.MissingOnNew(
                  line(source.getPosition() + i), DocumentDiff.quoted(source.getLines().get(i)));
        } else {
          difference =
              new Difference.ExtraOnNew(
                  line(target.getPosition() + i), DocumentDiff.quoted(target.getLines().get(i)));
        }
        if (!ignored(
            rules, source.getPosition() + i, target.getPosition() + i, i < source.size())) {
          out.add(difference);
          reported++;
        }
      }
    }
  }

  private static boolean ignored(
      CompareRules rules, int legacyLine, int freshLine, boolean onLegacy) {
    if (!rules.hasPathRules()) {
      return false;
    }
    String[] path = {"line", Integer.toString((onLegacy ? legacyLine : freshLine) + 1)};
    return rules.isIgnored(path, 2);
  }

  private static String line(int position) {
    return "/line/" + (position + 1);
  }
}
