package dev.ficus.compare.diff;

import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.lift.BodyLifter;
import dev.ficus.compare.lift.LiftedBody;
import dev.ficus.compare.rules.CompareRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Compares two answers: status code, the route's chosen headers, then the bodies by their format
 * (JSON, XML, HTML, form, text: {@link dev.ficus.compare.lift.BodyFormats}), as bytes when a JSON
 * body nests deeper than {@link JsonLimits#MAX_DEPTH}.
 *
 * @throws dev.ficus.compare.lift.BodyTooDeepException when an XML or HTML body nests deeper than
 *     the comparison goes
 */
public final class ResponseComparator {

  private static final int MAX_TEXT = 200;

  private ResponseComparator() {}

  public static List<Difference> compare(
      RecordedResponse legacy, RecordedResponse fresh, CompareRules rules) {
    List<Difference> out = new ArrayList<>();
    if (legacy.status() != fresh.status()) {
      out.add(
          new Difference.ValueChanged(
              Difference.STATUS,
              Integer.toString(legacy.status()),
              Integer.toString(fresh.status())));
    }
    for (String header : rules.headers()) {
      compareHeader(header, legacy, fresh, out);
    }
    compareBodies(legacy.body(), fresh.body(), rules, out);
    return out;
  }

  /**
   * Adds the differences of two bodies to {@code out}, by their format, under the body path {@code
   * ""}.
   *
   * @throws dev.ficus.compare.lift.BodyTooDeepException when an XML or HTML body nests deeper than
   *     the comparison goes
   */
  public static void compareBodies(
      dev.ficus.compare.exchange.Body legacy,
      dev.ficus.compare.exchange.Body fresh,
      CompareRules rules,
      List<Difference> out) {
    if (Arrays.equals(legacy.bytes(), fresh.bytes())) {
      return;
    }
    if (JsonLimits.tooDeep(legacy.bytes()) || JsonLimits.tooDeep(fresh.bytes())) {
      out.add(
          new Difference.ValueChanged(
              "", quoted(head(legacy.bytes())), quoted(head(fresh.bytes()))));
      return;
    }
    if (!legacy.isEmpty()
        && !fresh.isEmpty()
        && BodyLifter.isJsonBody(legacy)
        && BodyLifter.isJsonBody(fresh)) {
      int mark = out.size();
      try {
        ByteJsonDiff.diffInto(legacy.bytes(), fresh.bytes(), rules, out);
        return;
      } catch (ByteJsonDiff.MalformedJson e) {
        out.subList(mark, out.size()).clear();
      }
    }
    LiftedBody a = BodyLifter.lift(legacy, rules);
    LiftedBody b = BodyLifter.lift(fresh, rules);
    if (!a.kind().equals(b.kind())) {
      out.add(new Difference.TypeChanged("", a.kind(), b.kind()));
    } else if (a instanceof LiftedBody.Structured<?> structured) {
      diff(structured, (LiftedBody.Structured<?>) b, rules, out);
    } else if (!a.equals(b)) {
      out.add(new Difference.ValueChanged("", quoted(a.toString()), quoted(b.toString())));
    }
  }

  /** Two bodies of one kind, so of one format. */
  @SuppressWarnings("unchecked")
  private static <T> void diff(
      LiftedBody.Structured<T> legacy,
      LiftedBody.Structured<?> fresh,
      CompareRules rules,
      List<Difference> out) {
    legacy.format().diff(legacy.document(), (T) fresh.document(), rules, out);
  }

  private static void compareHeader(
      String header, RecordedResponse legacy, RecordedResponse fresh, List<Difference> out) {
    List<String> a = legacy.headers().get(header);
    List<String> b = fresh.headers().get(header);
    String path = Difference.HEADER + header;
    if (a == null && b == null) {
      return;
    }
    if (b == null) {
      out.add(new Difference.MissingOnNew(path, quoted(String.join(", ", a))));
    } else if (a == null) {
      out.add(new Difference.ExtraOnNew(path, quoted(String.join(", ", b))));
    } else if (!a.equals(b)) {
      out.add(
          new Difference.ValueChanged(
              path, quoted(String.join(", ", a)), quoted(String.join(", ", b))));
    }
  }

  private static String head(byte[] bytes) {
    return new String(
        bytes, 0, Math.min(bytes.length, MAX_TEXT + 1), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String quoted(String text) {
    String cut = text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    return JsonNodeFactory.instance.stringNode(cut).toString();
  }
}
