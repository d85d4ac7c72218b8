package dev.ficus.compare.diff;

import static dev.ficus.compare.diff.Frame.ARRAY;
import static dev.ficus.compare.diff.Frame.OBJECT;
import static dev.ficus.compare.diff.JsonBytes.at;
import static dev.ficus.compare.diff.JsonBytes.scalarEnd;
import static dev.ficus.compare.diff.JsonBytes.skipWhitespace;
import static dev.ficus.compare.diff.JsonBytes.stringEnd;
import static dev.ficus.compare.diff.JsonBytes.tree;
import static dev.ficus.compare.diff.JsonBytes.valueEnd;
import static dev.ficus.compare.diff.ScanState.AFTER_VALUE;
import static dev.ficus.compare.diff.ScanState.EXPECT_COLON;
import static dev.ficus.compare.diff.ScanState.EXPECT_KEY;
import static dev.ficus.compare.diff.ScanState.EXPECT_VALUE;

import dev.ficus.compare.diff.ByteJsonDiff.MalformedJson;
import dev.ficus.compare.diff.JsonContainers.Member;
import dev.ficus.compare.rules.CompareRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scan of one value (the document, or a member or element handed down), driven by where the
 * bytes differ: {@link Arrays#mismatch} finds the next difference, the legacy bytes before it are
 * scanned only to keep the path ({@link #scanUntil}), and at the difference the value is resolved
 * ({@link #resolve}): a container both sides open is entered, differing scalars are diffed, an
 * object whose members moved is paired by name and an array whose elements moved is compared
 * element by element, each pair by a level of its own. All it knows is in its {@link ScanState}.
 */
final class Level {

  private final ScanState scan;

  /** Whether the last key read by {@link #keyEnd} holds an escape. */
  private boolean stringEscaped;

  Level(ScanState scan) {
    this.scan = scan;
  }

  void run() {
    while (!scan.done) {
      int offset =
          Arrays.mismatch(scan.a, scan.pos, scan.endA, scan.b, scan.pos + scan.delta, scan.endB);
      if (offset < 0) {
        scan.closeIdenticalRest();
        return;
      }
      int boundary = scanUntil(scan.pos + offset);
      if (scan.done) {
        return;
      }
      resolve(boundary);
    }
  }

  // ---- the scan of the shared stretch -------------------------------------------------------

  /** Like {@link JsonBytes#stringEnd}, noting whether the string holds an escape. */
  private int keyEnd(int p) {
    byte[] a = scan.a;
    int endA = scan.endA;
    boolean escaped = false;
    int i = p + 1;
    while (i < endA) {
      byte c = a[i];
      if (c == '"') {
        stringEscaped = escaped;
        return i + 1;
      }
      if (c == '\\') {
        escaped = true;
        i += 2;
      } else {
        i++;
      }
    }
    throw new MalformedJson("unterminated string at " + p);
  }

  /**
   * Scans the legacy bytes up to the token holding {@code mismatch}; returns where that token's
   * lead-in starts.
   */
  private int scanUntil(int mismatch) {
    byte[] a = scan.a;
    int endA = scan.endA;
    while (true) {
      int boundary = scan.pos;
      int p = skipWhitespace(a, scan.pos, endA);
      if (p >= mismatch || p >= endA) {
        return boundary;
      }
      byte c = a[p];
      switch (scan.state) {
        case EXPECT_VALUE -> {
          if (c == '{' || c == '[') {
            scan.open(c == '{' ? OBJECT : ARRAY, p);
            scan.pos = p + 1;
          } else if (c == ']' && scan.top >= 0 && scan.topFrame().type == ARRAY) {
            scan.pos = p + 1;
            scan.close();
          } else {
            boolean string = c == '"';
            int end = string ? stringEnd(a, p, endA) : scalarEnd(a, p, endA);
            if (string ? end > mismatch : end >= mismatch) {
              return boundary;
            }
            scan.startElement(p, p + scan.delta);
            scan.pos = end;
            scan.valueDone();
          }
        }
        case AFTER_VALUE -> {
          if (scan.top < 0) {
            scan.done = true;
            return boundary;
          }
          Frame frame = scan.topFrame();
          if (c == ',') {
            scan.state = frame.type == OBJECT ? EXPECT_KEY : EXPECT_VALUE;
            scan.pos = p + 1;
          } else if (c == (frame.type == OBJECT ? '}' : ']')) {
            scan.pos = p + 1;
            scan.close();
          } else {
            throw new MalformedJson("unexpected '" + (char) c + "' at " + p);
          }
        }
        case EXPECT_KEY -> {
          Frame frame = scan.topFrame();
          if (c == '}') {
            scan.pos = p + 1;
            scan.close();
          } else if (c == '"') {
            int end = keyEnd(p);
            if (end > mismatch) {
              return boundary;
            }
            frame.memberStart = p;
            frame.keyStart = p + 1;
            frame.keyEnd = end - 1;
            frame.keyEscaped = stringEscaped;
            scan.state = EXPECT_COLON;
            scan.pos = end;
          } else {
            throw new MalformedJson("expected a member name at " + p);
          }
        }
        default -> {
          if (c != ':') {
            throw new MalformedJson("expected ':' at " + p);
          }
          scan.state = EXPECT_VALUE;
          scan.pos = p + 1;
        }
      }
      if (scan.done) {
        return scan.pos;
      }
    }
  }

  // ---- what to do where the bytes differ ------------------------------------------------------

  private void resolve(int boundary) {
    byte[] a = scan.a;
    byte[] b = scan.b;
    int endA = scan.endA;
    int endB = scan.endB;
    // Every enclosing element is looked into here: its order check must include it, whatever
    // comes of it.
    scan.markDirty();
    if (scan.hasPathRules && applyRules()) {
      return;
    }
    if (scan.state == EXPECT_VALUE) {
      int valueA = skipWhitespace(a, boundary, endA);
      int valueB = skipWhitespace(b, boundary + scan.delta, endB);
      Frame frame = scan.top >= 0 ? scan.topFrame() : null;
      if (frame != null
          && frame.type == ARRAY
          && (at(a, valueA, endA) == ']' || at(b, valueB, endB) == ']')) {
        arrayByElements(boundary);
        return;
      }
      byte c = at(a, valueA, endA);
      if ((c == '{' || c == '[') && c == at(b, valueB, endB)) {
        scan.delta = valueB - valueA;
        scan.open(c == '{' ? OBJECT : ARRAY, valueA);
        scan.pos = valueA + 1;
        return;
      }
      scan.startElement(valueA, valueB);
      int valueEndA = valueEnd(a, valueA, endA);
      int valueEndB = valueEnd(b, valueB, endB);
      int before = scan.out.size();
      String[] path = scan.path(scan.top + 1, true);
      int depth = scan.depthOf(scan.top + 1, true);
      if (!ScalarDiff.plain(scan, path, depth, valueA, valueEndA, valueB, valueEndB)) {
        JsonDiff.diffAt(
            path,
            depth,
            tree(a, valueA, valueEndA),
            tree(b, valueB, valueEndB),
            scan.rules,
            scan.out);
      }
      if (scan.out.size() > before) {
        scan.markDirty();
      }
      scan.continueAfter(valueEndA, valueEndB);
      return;
    }
    if (scan.top < 0) {
      scan.done = true;
      return;
    }
    Frame frame = scan.topFrame();
    if (frame.type == OBJECT) {
      objectByMembers(scan.state == EXPECT_COLON ? frame.memberStart : boundary);
    } else {
      arrayByElements(boundary);
    }
  }

  /**
   * Applies ignore and unordered rules at a difference: an ignored container or value is stepped
   * over, an array under an unordered rule is compared whole by the tree diff. Returns whether it
   * did either.
   */
  private boolean applyRules() {
    CompareRules rules = scan.rules;
    for (int i = 0; i <= scan.top; i++) {
      String[] path = scan.path(i, false);
      int depth = scan.depthOf(i, false);
      if (rules.isIgnored(path, depth)) {
        replaceFrame(i, false);
        return true;
      }
      if (scan.frames.get(i).type == ARRAY && rules.unordered(path, depth) != null) {
        replaceFrame(i, true);
        return true;
      }
    }
    if (scan.state == EXPECT_VALUE) {
      String[] path = scan.path(scan.top + 1, true);
      if (rules.isIgnored(path, scan.depthOf(scan.top + 1, true))) {
        int valueA = skipWhitespace(scan.a, scan.pos, scan.endA);
        int valueB = skipWhitespace(scan.b, scan.pos + scan.delta, scan.endB);
        scan.startElement(valueA, valueB);
        int valueEndA = valueEnd(scan.a, valueA, scan.endA);
        int valueEndB = valueEnd(scan.b, valueB, scan.endB);
        scan.continueAfter(valueEndA, valueEndB);
        return true;
      }
    }
    return false;
  }

  /**
   * Steps over the container of frame {@code index} in both documents, diffing it whole unless
   * ignored.
   */
  private void replaceFrame(int index, boolean diff) {
    Frame frame = scan.frames.get(index);
    int startA = frame.startA;
    int startB = frame.startA + frame.startDelta;
    int valueEndA = valueEnd(scan.a, startA, scan.endA);
    int valueEndB = valueEnd(scan.b, startB, scan.endB);
    scan.truncate(frame.outMark);
    if (diff) {
      JsonDiff.diffAt(
          scan.path(index, false),
          scan.depthOf(index, false),
          tree(scan.a, startA, valueEndA),
          tree(scan.b, startB, valueEndB),
          scan.rules,
          scan.out);
    }
    scan.top = index - 1;
    if (scan.out.size() > frame.outMark) {
      scan.markDirty();
    }
    scan.continueAfter(valueEndA, valueEndB);
  }

  /** The members of the object on top differ in name, order or spacing: pair them by name. */
  private void objectByMembers(int fromA) {
    int fromB = fromA + scan.delta;
    List<Member> mine = new ArrayList<>();
    List<Member> theirs = new ArrayList<>();
    int closeA = JsonContainers.members(scan.a, fromA, scan.endA, mine);
    int closeB = JsonContainers.members(scan.b, fromB, scan.endB, theirs);
    Map<String, Member> byName = new HashMap<>(theirs.size() * 2);
    for (Member member : theirs) {
      byName.putIfAbsent(member.name(), member);
    }
    String[] path = scan.path(scan.top, false);
    int depth = scan.depthOf(scan.top, false);
    String[] child = Arrays.copyOf(path, depth + 1);
    int before = scan.out.size();
    for (Member member : mine) {
      Member other = byName.remove(member.name());
      child[depth] = member.name();
      if (other != null) {
        new Level(
                scan.child(
                    child, depth + 1, member.start(), member.end(), other.start(), other.end()))
            .run();
      } else if (!(scan.hasPathRules && JsonDiff.ignoredWithin(scan.rules, child, depth + 1))) {
        scan.out.add(
            new Difference.MissingOnNew(
                JsonDiff.pointer(child, depth + 1),
                JsonScalars.render(scan.a, member.start(), member.end())));
      }
    }
    for (Member member : theirs) {
      if (byName.get(member.name()) == member) {
        child[depth] = member.name();
        if (!(scan.hasPathRules && JsonDiff.ignoredWithin(scan.rules, child, depth + 1))) {
          scan.out.add(
              new Difference.ExtraOnNew(
                  JsonDiff.pointer(child, depth + 1),
                  JsonScalars.render(scan.b, member.start(), member.end())));
        }
      }
    }
    scan.top--;
    if (scan.out.size() > before) {
      scan.markDirty();
    }
    scan.continueAfter(closeA, closeB);
  }

  /** The array on top differs in length or spacing: compare the remaining elements pairwise. */
  private void arrayByElements(int fromA) {
    int index = scan.top;
    Frame frame = scan.frames.get(index);
    int fromB = fromA + scan.delta;
    List<int[]> mine = new ArrayList<>();
    List<int[]> theirs = new ArrayList<>();
    int closeA = JsonContainers.elements(scan.a, fromA, scan.endA, mine);
    int closeB = JsonContainers.elements(scan.b, fromB, scan.endB, theirs);
    int lengthA = frame.completed + mine.size();
    int lengthB = frame.completed + theirs.size();
    String[] path = scan.path(index, false);
    int depth = scan.depthOf(index, false);
    if (lengthA != lengthB) {
      scan.truncate(frame.outMark);
      scan.out.add(
          new Difference.ArrayLengthChanged(JsonDiff.pointer(path, depth), lengthA, lengthB));
    } else {
      String[] child = Arrays.copyOf(path, depth + 1);
      for (int i = 0; i < mine.size(); i++) {
        int[] element = mine.get(i);
        int[] other = theirs.get(i);
        child[depth] = Integer.toString(frame.completed + i);
        if (!Arrays.equals(scan.a, element[0], element[1], scan.b, other[0], other[1])) {
          new Level(scan.child(child, depth + 1, element[0], element[1], other[0], other[1])).run();
          frame.addDirty(element[0], other[0]);
        }
      }
      ArrayOrder.judge(scan, index);
    }
    scan.top = index - 1;
    if (scan.out.size() > frame.outMark) {
      scan.markDirty();
    }
    scan.continueAfter(closeA, closeB);
  }
}
