package dev.ficus.compare.diff;

import dev.ficus.compare.rules.CompareRules;
import java.util.Arrays;
import java.util.List;

/**
 * The same diff as {@link JsonDiff}, driven by where the raw bytes differ. {@link Arrays#mismatch}
 * (vectorised by the JVM) skips every stretch the two documents share; one structural scan of the
 * legacy document tracks the path; only values that differ are lifted into trees and diffed by
 * {@link JsonDiff}, so the result is the tree diff's, difference for difference. Two answers from
 * the same kind of serializer share most of their bytes, which is why this is several times faster
 * than building two trees.
 *
 * <p>An object whose members differ in name or order is compared member by member; an array whose
 * length differs is one {@code array_length_changed}; an array whose differing elements are the
 * same elements in another order is one {@code array_order_changed}; an array under an {@code
 * unordered} rule is handed to the tree diff whole.
 *
 * <p>This class is the entry point; the work is spread by concern: {@link Level} walks one value
 * from mismatch to mismatch and resolves each, over the state declared in {@link ScanState} (the
 * documents, the position and the open {@link Frame}s); {@link ScalarDiff} diffs plain scalars and
 * {@link ArrayOrder} judges an array's order as it closes, with {@link CanonicalHash} and {@link
 * Slice}; {@link JsonBytes} is the lexical scan, {@link JsonScalars} reads numbers and literals,
 * and {@link JsonContainers} reads the members or elements left when a container is paired whole.
 */
final class ByteJsonDiff {

  /** The bytes are not JSON; the caller compares them another way. */
  static final class MalformedJson extends RuntimeException {
    MalformedJson(String message) {
      super(message, null, false, false);
    }
  }

  private ByteJsonDiff() {}

  /**
   * Adds the differences of two JSON documents to {@code out}.
   *
   * @throws MalformedJson when a document is not JSON where it had to be read
   */
  static void diffInto(byte[] legacy, byte[] fresh, CompareRules rules, List<Difference> out) {
    boolean hasPathRules = rules.hasPathRules();
    int start = JsonBytes.skipWhitespace(legacy, 0, legacy.length);
    int startB = JsonBytes.skipWhitespace(fresh, 0, fresh.length);
    if (start >= legacy.length || startB >= fresh.length) {
      throw new MalformedJson("empty document");
    }
    try {
      Level.ofDocuments(legacy, fresh, rules, hasPathRules, out, start, startB).run();
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      // A token the scanner took for a number, or a document cut short where a value had to be:
      // not JSON, whatever the scan made of it.
      throw new MalformedJson("not JSON: " + e.getMessage());
    }
  }
}
