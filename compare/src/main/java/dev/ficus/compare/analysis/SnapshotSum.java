package dev.ficus.compare.analysis;

import dev.ficus.compare.Side;
import dev.ficus.compare.outcome.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Adds {@link Tally.Snapshot}s up one at a time, so that many stored buckets are merged without all
 * being held at once: counts sum, histograms add, examples are the earliest, and path shapes stay
 * within the bound (the rest counted under "(other)").
 */
public final class SnapshotSum {
  private final int maxPaths;
  private final Map<String, Long> decisions = new LinkedHashMap<>();
  private final Map<String, Long> calls = new LinkedHashMap<>();
  private final Map<String, Long> errors = new LinkedHashMap<>();
  private final Map<String, Histogram> latency = new LinkedHashMap<>();
  private final Map<String, Long> outcomes = new LinkedHashMap<>();
  private final Map<String, Long> skipped = new LinkedHashMap<>();
  private final Map<String, Tally.Snapshot.PathFigures> differences = new LinkedHashMap<>();
  private final Map<String, Tally.Snapshot.PathFigures> noise = new LinkedHashMap<>();
  private final Map<Set<String>, Long> signatures = new LinkedHashMap<>();
  private final Map<String, Long> learned = new LinkedHashMap<>();
  private long unsigned;
  private long pairs;
  private final Map<String, Long> dualWrite = new LinkedHashMap<>();

  public SnapshotSum(int maxPaths) {
    this.maxPaths = maxPaths;
    for (Side side : Side.values()) {
      decisions.put(side.label(), 0L);
      calls.put(side.label(), 0L);
      errors.put(side.label(), 0L);
      latency.put(side.label(), new Histogram(3));
    }
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      outcomes.put(kind.label(), 0L);
    }
  }

  public SnapshotSum add(Tally.Snapshot snapshot) {
    snapshot.decisions().forEach((k, v) -> decisions.merge(k, v, Long::sum));
    snapshot.calls().forEach((k, v) -> calls.merge(k, v, Long::sum));
    snapshot.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
    snapshot.latency().forEach((k, v) -> latency.computeIfAbsent(k, x -> new Histogram(3)).add(v));
    snapshot.outcomes().forEach((k, v) -> outcomes.merge(k, v, Long::sum));
    snapshot.skipped().forEach((k, v) -> skipped.merge(k, v, Long::sum));
    snapshot.differences().forEach((k, v) -> mergePath(differences, k, v, maxPaths));
    snapshot.noise().forEach((k, v) -> mergePath(noise, k, v, maxPaths));
    for (Map.Entry<Set<String>, Long> signature : snapshot.signatures().entrySet()) {
      if (signatures.containsKey(signature.getKey()) || signatures.size() < maxPaths) {
        signatures.merge(signature.getKey(), signature.getValue(), Long::sum);
      } else {
        unsigned += signature.getValue();
      }
    }
    unsigned += snapshot.unsignedMismatches();
    snapshot
        .learned()
        .forEach(
            (k, v) -> {
              if (learned.containsKey(k) || learned.size() < maxPaths) {
                learned.merge(k, v, Long::sum);
              }
            });
    pairs += snapshot.learnedPairs();
    snapshot.dualWrite().forEach((k, v) -> dualWrite.merge(k, v, Long::sum));
    return this;
  }

  public Tally.Snapshot result() {
    Map<String, Histogram> copies = new LinkedHashMap<>();
    latency.forEach((k, v) -> copies.put(k, v.copy()));
    return new Tally.Snapshot(
        new LinkedHashMap<>(decisions),
        new LinkedHashMap<>(calls),
        new LinkedHashMap<>(errors),
        copies,
        new LinkedHashMap<>(outcomes),
        new LinkedHashMap<>(skipped),
        new LinkedHashMap<>(differences),
        new LinkedHashMap<>(noise),
        new LinkedHashMap<>(signatures),
        unsigned,
        new LinkedHashMap<>(learned),
        pairs,
        new LinkedHashMap<>(dualWrite));
  }

  private static void mergePath(
      Map<String, Tally.Snapshot.PathFigures> into,
      String path,
      Tally.Snapshot.PathFigures figures,
      int maxPaths) {
    String key = into.containsKey(path) || into.size() < maxPaths ? path : Tally.Snapshot.OTHER;
    into.merge(
        key,
        figures,
        (known, added) ->
            new Tally.Snapshot.PathFigures(
                known.kind(),
                known.reason(),
                known.count() + added.count(),
                earliest(known.example(), added.example())));
  }

  private static RouteReport.Example earliest(RouteReport.Example a, RouteReport.Example b) {
    if (a == null) {
      return b;
    }
    if (b == null || a.time() == null || b.time() == null) {
      return a;
    }
    return b.time().isBefore(a.time()) ? b : a;
  }
}
