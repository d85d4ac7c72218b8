package dev.ficus.compare.multipart;

import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.diff.ResponseComparator;
import dev.ficus.compare.document.DocumentDiff;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.lift.BodyFormat;
import dev.ficus.compare.lift.MediaTypes;
import dev.ficus.compare.lift.UnreadableBody;
import dev.ficus.compare.rules.CompareRules;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * Multipart bodies ({@code multipart/form-data}, {@code multipart/mixed}, {@code multipart/related}
 * as SOAP with attachments uses) compared part by part: parts are paired by name ({@code /file}),
 * by Content-ID, or by position ({@code /2}); each part's type and file name are compared ({@code
 * /file/@content-type}, {@code /file/@filename}), and its body by the part's own format under the
 * part's path ({@code /metadata/trip/fare}). Parsed by Apache James mime4j.
 */
public final class MultipartFormat implements BodyFormat<List<Part>> {

  /** The most parts read, and the deepest a multipart may hold another. */
  static final int MAX_PARTS = 1_000;

  private static final MimeConfig CONFIG =
      MimeConfig.custom().setMaxPartCount(MAX_PARTS).setMaxNestingDepth(8).build();

  @Override
  public String kind() {
    return "multipart";
  }

  @Override
  public boolean accepts(String mediaType) {
    return mediaType.startsWith("multipart/");
  }

  @Override
  public List<Part> lift(Body body) throws UnreadableBody {
    if (MediaTypes.parameter(body.contentType(), "boundary") == null) {
      throw UnreadableBody.malformed("a multipart body without a boundary", null);
    }
    MimeTokenStream stream = new MimeTokenStream(CONFIG);
    stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
    stream.parseHeadless(new ByteArrayInputStream(body.bytes()), body.contentType());
    List<Part> parts = new ArrayList<>();
    try {
      String type = null;
      String disposition = null;
      String id = null;
      for (EntityState state = stream.getState();
          state != EntityState.T_END_OF_STREAM;
          state = stream.next()) {
        switch (state) {
          case T_START_BODYPART -> {
            type = null;
            disposition = null;
            id = null;
          }
          case T_FIELD -> {
            Field field = stream.getField();
            switch (field.getNameLowerCase()) {
              case "content-type" -> type = field.getBody().trim();
              case "content-disposition" -> disposition = field.getBody().trim();
              case "content-id" -> id = field.getBody().trim();
              default -> {
                // other part headers are not compared
              }
            }
          }
          case T_BODY -> {
            if (parts.size() == MAX_PARTS) {
              throw UnreadableBody.malformed("more than " + MAX_PARTS + " parts", null);
            }
            byte[] bytes = stream.getDecodedInputStream().readAllBytes();
            String name = MediaTypes.parameter("x; " + Objects.toString(disposition, ""), "name");
            if (name == null && id != null) {
              name = id.replaceAll("^<|>$", "");
            }
            parts.add(
                new Part(
                    name,
                    MediaTypes.mediaType(type == null ? "text/plain" : type),
                    MediaTypes.parameter("x; " + Objects.toString(disposition, ""), "filename"),
                    Body.of(bytes, type == null ? "text/plain" : type)));
          }
          default -> {
            // preamble, epilogue, the ends of parts
          }
        }
      }
    } catch (IOException | MimeException | RuntimeException e) {
      throw UnreadableBody.malformed("not a readable multipart body: " + e.getMessage(), e);
    }
    return parts;
  }

  @Override
  public void diff(List<Part> legacy, List<Part> fresh, CompareRules rules, List<Difference> out) {
    Map<String, List<Part>> a = byName(legacy);
    Map<String, List<Part>> b = byName(fresh);
    for (Map.Entry<String, List<Part>> group : a.entrySet()) {
      List<Part> others = b.getOrDefault(group.getKey(), List.of());
      group(group.getKey(), group.getValue(), others, rules, out);
    }
    for (Map.Entry<String, List<Part>> group : b.entrySet()) {
      if (!a.containsKey(group.getKey())) {
        group(group.getKey(), List.of(), group.getValue(), rules, out);
      }
    }
  }

  private static void group(
      String name, List<Part> legacy, List<Part> fresh, CompareRules rules, List<Difference> out) {
    int count = Math.max(legacy.size(), fresh.size());
    for (int i = 0; i < count; i++) {
      String path = "/" + escaped(name) + (count > 1 ? "/" + (i + 1) : "");
      Part a = i < legacy.size() ? legacy.get(i) : null;
      Part b = i < fresh.size() ? fresh.get(i) : null;
      List<Difference> found = new ArrayList<>();
      if (b == null) {
        found.add(new Difference.MissingOnNew(path, describe(a)));
      } else if (a == null) {
        found.add(new Difference.ExtraOnNew(path, describe(b)));
      } else {
        value(path + "/@content-type", a.contentType(), b.contentType(), found);
        value(path + "/@filename", a.filename(), b.filename(), found);
        List<Difference> inBody = new ArrayList<>();
        ResponseComparator.compareBodies(a.body(), b.body(), CompareRules.ofDefaults(), inBody);
        inBody.forEach(d -> found.add(Difference.under(path, d)));
      }
      for (Difference difference : found) {
        if (!ignored(rules, difference.path())) {
          out.add(difference);
        }
      }
    }
  }

  private static void value(String path, String legacy, String fresh, List<Difference> out) {
    if (Objects.equals(legacy, fresh)) {
      return;
    }
    if (fresh == null) {
      out.add(new Difference.MissingOnNew(path, DocumentDiff.quoted(legacy)));
    } else if (legacy == null) {
      out.add(new Difference.ExtraOnNew(path, DocumentDiff.quoted(fresh)));
    } else {
      out.add(
          new Difference.ValueChanged(
              path, DocumentDiff.quoted(legacy), DocumentDiff.quoted(fresh)));
    }
  }

  /** Whether the route ignores the path or any place that holds it. */
  private static boolean ignored(CompareRules rules, String pointer) {
    if (!rules.hasPathRules()) {
      return false;
    }
    String[] segments = pointer.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      segments[i] = segments[i].replace("~1", "/").replace("~0", "~");
    }
    for (int depth = 1; depth <= segments.length; depth++) {
      if (rules.isIgnored(segments, depth)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, List<Part>> byName(List<Part> parts) {
    Map<String, List<Part>> groups = new LinkedHashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      String name = part.name() == null ? Integer.toString(i + 1) : part.name();
      groups.computeIfAbsent(name, k -> new ArrayList<>(1)).add(part);
    }
    return groups;
  }

  private static String describe(Part part) {
    return DocumentDiff.quoted(
        part.contentType()
            + (part.filename() == null ? "" : " " + part.filename())
            + ", "
            + part.body().length()
            + " bytes");
  }

  private static String escaped(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
