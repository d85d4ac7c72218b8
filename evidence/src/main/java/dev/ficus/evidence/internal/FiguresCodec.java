package dev.ficus.evidence.internal;

import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.compare.analysis.Tally;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bucket's figures as the store keeps them: the counts, paths and examples as JSON, each side's
 * latency in HdrHistogram's own compressed encoding (so stored buckets add up exactly).
 */
public final class FiguresCodec {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private FiguresCodec() {}

  /** The JSON form: what the {@code figures} column holds (histograms apart). */
  record Stored(
      Map<String, Long> decisions,
      Map<String, Long> calls,
      Map<String, Long> errors,
      Map<String, Long> outcomes,
      Map<String, Long> skipped,
      Map<String, StoredPath> differences,
      Map<String, StoredPath> noise,
      List<StoredSignature> signatures,
      long unsignedMismatches,
      Map<String, Long> learned,
      long learnedPairs,
      Map<String, Long> dualWrite) {}

  record StoredPath(String kind, String reason, long count, StoredExample example) {}

  record StoredExample(
      Instant time, String traceId, String method, String target, String legacy, String fresh) {}

  record StoredSignature(List<String> paths, long count) {}

  public static String json(Tally.Snapshot figures) {
    List<StoredSignature> signatures = new ArrayList<>();
    figures
        .signatures()
        .forEach((paths, count) -> signatures.add(new StoredSignature(List.copyOf(paths), count)));
    return JSON.writeValueAsString(
        new Stored(
            figures.decisions(),
            figures.calls(),
            figures.errors(),
            figures.outcomes(),
            figures.skipped(),
            paths(figures.differences()),
            paths(figures.noise()),
            signatures,
            figures.unsignedMismatches(),
            figures.learned(),
            figures.learnedPairs(),
            figures.dualWrite()));
  }

  private static Map<String, StoredPath> paths(Map<String, Tally.Snapshot.PathFigures> paths) {
    Map<String, StoredPath> stored = new LinkedHashMap<>();
    paths.forEach(
        (path, figures) -> {
          RouteReport.Example e = figures.example();
          stored.put(
              path,
              new StoredPath(
                  figures.kind(),
                  figures.reason(),
                  figures.count(),
                  e == null
                      ? null
                      : new StoredExample(
                          e.time(), e.traceId(), e.method(), e.target(), e.legacy(), e.fresh())));
        });
    return stored;
  }

  public static byte[] histogram(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    byte[] bytes = new byte[length];
    buffer.rewind();
    buffer.get(bytes);
    return bytes;
  }

  public static Tally.Snapshot figures(String json, byte[] legacy, byte[] fresh) {
    Stored stored = JSON.readValue(json, Stored.class);
    Map<String, Histogram> latency = new LinkedHashMap<>();
    latency.put("legacy", decode(legacy));
    latency.put("new", decode(fresh));
    Map<Set<String>, Long> signatures = new LinkedHashMap<>();
    for (StoredSignature signature : stored.signatures()) {
      signatures.put(new LinkedHashSet<>(signature.paths()), signature.count());
    }
    return new Tally.Snapshot(
        stored.decisions(),
        stored.calls(),
        stored.errors(),
        latency,
        stored.outcomes(),
        stored.skipped(),
        figures(stored.differences()),
        figures(stored.noise()),
        signatures,
        stored.unsignedMismatches(),
        stored.learned(),
        stored.learnedPairs(),
        // Buckets written before dual writes were counted have none.
        stored.dualWrite());
  }

  private static Map<String, Tally.Snapshot.PathFigures> figures(Map<String, StoredPath> stored) {
    Map<String, Tally.Snapshot.PathFigures> figures = new LinkedHashMap<>();
    stored.forEach(
        (path, p) -> {
          StoredExample e = p.example();
          figures.put(
              path,
              new Tally.Snapshot.PathFigures(
                  p.kind(),
                  p.reason(),
                  p.count(),
                  e == null
                      ? null
                      : new RouteReport.Example(
                          e.time(), e.traceId(), e.method(), e.target(), e.legacy(), e.fresh())));
        });
    return figures;
  }

  private static Histogram decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return new Histogram(3);
    }
    try {
      // Sized as it was written (values up to the largest seen), not to the largest possible.
      Histogram histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
      histogram.setAutoResize(true);
      return histogram;
    } catch (DataFormatException e) {
      throw new IllegalStateException("a stored latency histogram cannot be read: " + e, e);
    }
  }
}
