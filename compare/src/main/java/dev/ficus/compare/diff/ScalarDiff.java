package dev.ficus.compare.diff;

import static dev.ficus.compare.diff.JsonBytes.tree;
import static dev.ficus.compare.diff.JsonScalars.PLAIN_NUMBER;
import static dev.ficus.compare.diff.JsonScalars.PLAIN_TYPES;
import static dev.ficus.compare.diff.JsonScalars.isInteger;
import static dev.ficus.compare.diff.JsonScalars.parseDouble;
import static dev.ficus.compare.diff.JsonScalars.parseLong;
import static dev.ficus.compare.diff.JsonScalars.plainKind;
import static dev.ficus.compare.diff.JsonScalars.plainText;

import dev.ficus.compare.rules.Tolerance;
import java.util.Arrays;

/**
 * Two differing scalars diffed without a parser when both are plain (strings without escapes,
 * numbers, true, false, null), with the differences the tree diff would give: a type change, a
 * value change, numbers by value and the path's tolerance.
 */
final class ScalarDiff {

  private ScalarDiff() {}

  /**
   * Diffs the scalars {@code scan.a[startA, endA)} and {@code scan.b[startB, endB)} at {@code
   * path[0, depth)}. Returns false, having added nothing, unless both are plain (the tree diff then
   * decides).
   */
  static boolean plain(
      ScanState scan, String[] path, int depth, int startA, int endA, int startB, int endB) {
    byte[] a = scan.a;
    byte[] b = scan.b;
    int kindA = plainKind(a, startA, endA);
    int kindB = plainKind(b, startB, endB);
    if (kindA == 0 || kindB == 0) {
      return false;
    }
    String pointer = JsonDiff.pointer(path, depth);
    if (kindA != kindB) {
      scan.out.add(new Difference.TypeChanged(pointer, PLAIN_TYPES[kindA], PLAIN_TYPES[kindB]));
      return true;
    }
    if (kindA == PLAIN_NUMBER) {
      number(scan, path, depth, pointer, startA, endA, startB, endB);
      return true;
    }
    if (!Arrays.equals(a, startA, endA, b, startB, endB)) {
      scan.out.add(
          new Difference.ValueChanged(
              pointer, plainText(a, startA, endA), plainText(b, startB, endB)));
    }
    return true;
  }

  /** Numbers as the tree diff compares them: by value (5 equals 5.0), then the path's tolerance. */
  private static void number(
      ScanState scan,
      String[] path,
      int depth,
      String pointer,
      int startA,
      int endA,
      int startB,
      int endB) {
    byte[] a = scan.a;
    byte[] b = scan.b;
    boolean integerA = isInteger(a, startA, endA);
    boolean integerB = isInteger(b, startB, endB);
    double x;
    double y;
    String renderedA;
    String renderedB;
    if (integerA && integerB) {
      long i = parseLong(a, startA, endA);
      long j = parseLong(b, startB, endB);
      if (i == j) {
        return;
      }
      x = i;
      y = j;
      renderedA = Long.toString(i);
      renderedB = Long.toString(j);
    } else {
      x = integerA ? parseLong(a, startA, endA) : parseDouble(a, startA, endA);
      y = integerB ? parseLong(b, startB, endB) : parseDouble(b, startB, endB);
      if (Double.isInfinite(x)
          || Double.isInfinite(y)
          || Math.abs(x) >= 0x1p53
          || Math.abs(y) >= 0x1p53) {
        JsonDiff.diffAt(
            path, depth, tree(a, startA, endA), tree(b, startB, endB), scan.rules, scan.out);
        return;
      }
      if (x == y) {
        return;
      }
      renderedA = integerA ? Long.toString((long) x) : Double.toString(x);
      renderedB = integerB ? Long.toString((long) y) : Double.toString(y);
    }
    Tolerance tolerance = scan.hasPathRules ? scan.rules.tolerance(path, depth) : null;
    if (tolerance == null || !tolerance.accepts(x, y)) {
      scan.out.add(new Difference.ValueChanged(pointer, renderedA, renderedB));
    }
  }
}
