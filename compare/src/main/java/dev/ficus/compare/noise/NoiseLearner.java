package dev.ficus.compare.noise;

import dev.ficus.compare.diff.Difference;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Diffy's idea: a path where two answers of legacy to the same request differ is noise for that
 * route. The learner counts such paths (by shape) over every legacy/legacy pair it is shown.
 */
public final class NoiseLearner {

  /** Beyond this many distinct paths, new ones are not learned, so memory stays bounded. */
  static final int MAX_PATHS = 1_000;

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder pairs = new LongAdder();

  /** Learns from the differences between two legacy answers to one request. */
  public void learn(List<Difference> legacyAgainstLegacy) {
    pairs.increment();
    for (Difference difference : legacyAgainstLegacy) {
      String shape = PathShape.of(difference.path());
      LongAdder count = counts.get(shape);
      if (count == null && counts.size() < MAX_PATHS) {
        count = counts.computeIfAbsent(shape, k -> new LongAdder());
      }
      if (count != null) {
        count.increment();
      }
    }
  }

  /**
   * Adds what was learned before (from the evidence store, after a restart): path shapes with the
   * pairs that showed them, and the pairs compared.
   */
  public void seed(Map<String, Long> learned, long pairsBefore) {
    pairs.add(pairsBefore);
    learned.forEach(
        (shape, count) -> {
          LongAdder known = counts.get(shape);
          if (known == null && counts.size() < MAX_PATHS) {
            known = counts.computeIfAbsent(shape, k -> new LongAdder());
          }
          if (known != null) {
            known.add(count);
          }
        });
  }

  /** Whether legacy itself was seen to differ at this path. */
  public boolean isNoise(String path) {
    return counts.containsKey(PathShape.of(path));
  }

  /** How many legacy/legacy pairs were compared. */
  public long pairs() {
    return pairs.sum();
  }

  /** Each learned path shape with the number of pairs in which it differed. */
  public Map<String, Long> learned() {
    Map<String, Long> snapshot = new TreeMap<>();
    counts.forEach((path, count) -> snapshot.put(path, count.sum()));
    return snapshot;
  }

  @Override
  public String toString() {
    return "NoiseLearner[" + pairs() + " pairs, " + counts.keySet() + "]";
  }
}
