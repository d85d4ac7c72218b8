package dev.ficus.compare.diff;

import static dev.ficus.compare.diff.JsonBytes.valueEnd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The judgement made as an array closes: if the elements that differed are the same elements in
 * another order, the differences found inside it become one {@code array_order_changed}. A {@link
 * CanonicalHash} says no quickly; equal bytes pair most of the rest; only what is left is compared
 * as trees.
 */
final class ArrayOrder {

  private ArrayOrder() {}

  /** Judges the array of frame {@code index} of {@code scan}. */
  static void judge(ScanState scan, int index) {
    Frame frame = scan.frames.get(index);
    if (frame.dirtyCount == 0 || scan.out.size() <= frame.outMark) {
      return;
    }
    if (!sameCanonicalHashes(scan, frame)) {
      return;
    }
    Map<Slice, Integer> counts = new HashMap<>();
    for (int i = 0; i < frame.dirtyCount; i++) {
      int start = frame.dirty[i * 2];
      counts.merge(new Slice(scan.a, start, valueEnd(scan.a, start, scan.endA)), 1, Integer::sum);
    }
    List<Slice> unmatched = new ArrayList<>();
    for (int i = 0; i < frame.dirtyCount; i++) {
      int start = frame.dirty[i * 2 + 1];
      Slice slice = new Slice(scan.b, start, valueEnd(scan.b, start, scan.endB));
      Integer count = counts.get(slice);
      if (count == null) {
        unmatched.add(slice);
      } else if (count == 1) {
        counts.remove(slice);
      } else {
        counts.put(slice, count - 1);
      }
    }
    if (!sameAsTrees(counts, unmatched)) {
      return;
    }
    scan.truncate(frame.outMark);
    scan.out.add(
        new Difference.ArrayOrderChanged(
            JsonDiff.pointer(scan.path(index, false), scan.depthOf(index, false))));
  }

  /**
   * A quick exact test that can only say no: elements equal as JSON have equal canonical hashes, so
   * if the differing elements' hashes are not the same multiset, the array was not reordered.
   */
  private static boolean sameCanonicalHashes(ScanState scan, Frame frame) {
    int n = frame.dirtyCount;
    long[] legacy = new long[n];
    boolean[] hashed = new boolean[n];
    boolean[] paired = new boolean[n];
    CanonicalHash legacyHash = new CanonicalHash(scan.a, scan.endA);
    CanonicalHash freshHash = new CanonicalHash(scan.b, scan.endB);
    // Most arrays that differ were not reordered: the first new element without a twin proves it.
    for (int j = 0; j < n; j++) {
      long wanted = freshHash.value(frame.dirty[j * 2 + 1]);
      boolean found = false;
      for (int k = 0; k < n && !found; k++) {
        int i = (j + 1 + k) % n;
        if (paired[i]) {
          continue;
        }
        if (!hashed[i]) {
          legacy[i] = legacyHash.value(frame.dirty[i * 2]);
          hashed[i] = true;
        }
        if (legacy[i] == wanted) {
          paired[i] = true;
          found = true;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /** Whether the elements left after pairing equal bytes are equal as JSON, in some order. */
  private static boolean sameAsTrees(Map<Slice, Integer> leftInLegacy, List<Slice> leftInNew) {
    int legacyCount = leftInLegacy.values().stream().mapToInt(Integer::intValue).sum();
    if (legacyCount != leftInNew.size()) {
      return false;
    }
    if (legacyCount == 0) {
      return true;
    }
    Map<JsonNode, Integer> trees = new HashMap<>();
    leftInLegacy.forEach((slice, count) -> trees.merge(slice.tree(), count, Integer::sum));
    for (Slice slice : leftInNew) {
      JsonNode tree = slice.tree();
      Integer count = trees.get(tree);
      if (count == null) {
        return false;
      }
      if (count == 1) {
        trees.remove(tree);
      } else {
        trees.put(tree, count - 1);
      }
    }
    return trees.isEmpty();
  }
}
