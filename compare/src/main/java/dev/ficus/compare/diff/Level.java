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
 * element by element, each pair by a level of its own. What it knows is declared in {@link
 * ScanState}, which it extends.
 */
final class Level extends ScanState {

  /** Whether the last key read by {@link #keyEnd} holds an escape. */
  private boolean stringEscaped;

  private Level(
      byte[] a,
      byte[] b,
      CompareRules rules,
      boolean hasPathRules,
      List<Difference> out,
      String[] prefix,
      int prefixDepth,
      int startA,
      int endA,
      int startB,
      int endB) {
    super(a, b, rules, hasPathRules, out, prefix, prefixDepth, startA, endA, startB, endB);
  }

  /** The scan of two whole documents, whose values start at {@code startA} and {@code startB}. */
  static Level ofDocuments(
      byte[] a,
      byte[] b,
      CompareRules rules,
      boolean hasPathRules,
      List<Difference> out,
      int startA,
      int startB) {
    return new Level(
        a, b, rules, hasPathRules, out, new String[0], 0, startA, a.length, startB, b.length);
  }

  /** The scan of one member or element at {@code path[0, depth)}, handed down by this one. */
  private Level child(String[] path, int depth, int startA, int endA, int startB, int endB) {
    return new Level(a, b, rules, hasPathRules, out, path, depth, startA, endA, startB, endB);
  }

  void run() {
    while (!done) {
      int offset = Arrays.mismatch(a, pos, endA, b, pos + delta, endB);
      if (offset < 0) {
        closeIdenticalRest();
        return;
      }
      int boundary = scanUntil(pos + offset);
      if (done) {
        return;
      }
      resolve(boundary);
    }
  }

  // ---- the scan of the shared stretch -------------------------------------------------------

  /** Like {@link JsonBytes#stringEnd}, noting whether the string holds an escape. */
  private int keyEnd(int p) {
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
    while (true) {
      int boundary = pos;
      int p = skipWhitespace(a, pos, endA);
      if (p >= mismatch || p >= endA) {
        return boundary;
      }
      byte c = a[p];
      switch (state) {
        case EXPECT_VALUE -> {
          if (c == '{' || c == '[') {
            open(c == '{' ? OBJECT : ARRAY, p);
            pos = p + 1;
          } else if (c == ']' && top >= 0 && topFrame().type == ARRAY) {
            pos = p + 1;
            close();
          } else {
            boolean string = c == '"';
            int end = string ? stringEnd(a, p, endA) : scalarEnd(a, p, endA);
            if (string ? end > mismatch : end >= mismatch) {
              return boundary;
            }
            startElement(p, p + delta);
            pos = end;
            valueDone();
          }
        }
        case AFTER_VALUE -> {
          if (top < 0) {
            done = true;
            return boundary;
          }
          Frame frame = topFrame();
          if (c == ',') {
            state = frame.type == OBJECT ? EXPECT_KEY : EXPECT_VALUE;
            pos = p + 1;
          } else if (c == (frame.type == OBJECT ? '}' : ']')) {
            pos = p + 1;
            close();
          } else {
            throw new MalformedJson("unexpected '" + (char) c + "' at " + p);
          }
        }
        case EXPECT_KEY -> {
          Frame frame = topFrame();
          if (c == '}') {
            pos = p + 1;
            close();
          } else if (c == '"') {
            int end = keyEnd(p);
            if (end > mismatch) {
              return boundary;
            }
            frame.memberStart = p;
            frame.keyStart = p + 1;
            frame.keyEnd = end - 1;
            frame.keyEscaped = stringEscaped;
            state = EXPECT_COLON;
            pos = end;
          } else {
            throw new MalformedJson("expected a member name at " + p);
          }
        }
        default -> {
          if (c != ':') {
            throw new MalformedJson("expected ':' at " + p);
          }
          state = EXPECT_VALUE;
          pos = p + 1;
        }
      }
      if (done) {
        return pos;
      }
    }
  }

  // ---- what to do where the bytes differ ------------------------------------------------------

  private void resolve(int boundary) {
    // Every enclosing element is looked into here: its order check must include it, whatever
    // comes of it.
    markDirty();
    if (hasPathRules && applyRules()) {
      return;
    }
    if (state == EXPECT_VALUE) {
      int valueA = skipWhitespace(a, boundary, endA);
      int valueB = skipWhitespace(b, boundary + delta, endB);
      Frame frame = top >= 0 ? topFrame() : null;
      if (frame != null
          && frame.type == ARRAY
          && (at(a, valueA, endA) == ']' || at(b, valueB, endB) == ']')) {
        arrayByElements(boundary);
        return;
      }
      byte c = at(a, valueA, endA);
      if ((c == '{' || c == '[') && c == at(b, valueB, endB)) {
        delta = valueB - valueA;
        open(c == '{' ? OBJECT : ARRAY, valueA);
        pos = valueA + 1;
        return;
      }
      startElement(valueA, valueB);
      int valueEndA = valueEnd(a, valueA, endA);
      int valueEndB = valueEnd(b, valueB, endB);
      int before = out.size();
      String[] path = path(top + 1, true);
      int depth = depthOf(top + 1, true);
      if (!ScalarDiff.plain(this, path, depth, valueA, valueEndA, valueB, valueEndB)) {
        JsonDiff.diffAt(
            path, depth, tree(a, valueA, valueEndA), tree(b, valueB, valueEndB), rules, out);
      }
      if (out.size() > before) {
        markDirty();
      }
      continueAfter(valueEndA, valueEndB);
      return;
    }
    if (top < 0) {
      done = true;
      return;
    }
    Frame frame = topFrame();
    if (frame.type == OBJECT) {
      objectByMembers(state == EXPECT_COLON ? frame.memberStart : boundary);
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
    for (int i = 0; i <= top; i++) {
      String[] path = path(i, false);
      int depth = depthOf(i, false);
      if (rules.isIgnored(path, depth)) {
        replaceFrame(i, false);
        return true;
      }
      if (frames.get(i).type == ARRAY && rules.unordered(path, depth) != null) {
        replaceFrame(i, true);
        return true;
      }
    }
    if (state == EXPECT_VALUE) {
      String[] path = path(top + 1, true);
      if (rules.isIgnored(path, depthOf(top + 1, true))) {
        int valueA = skipWhitespace(a, pos, endA);
        int valueB = skipWhitespace(b, pos + delta, endB);
        startElement(valueA, valueB);
        int valueEndA = valueEnd(a, valueA, endA);
        int valueEndB = valueEnd(b, valueB, endB);
        continueAfter(valueEndA, valueEndB);
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
    Frame frame = frames.get(index);
    int startA = frame.startA;
    int startB = frame.startA + frame.startDelta;
    int valueEndA = valueEnd(a, startA, endA);
    int valueEndB = valueEnd(b, startB, endB);
    truncate(frame.outMark);
    if (diff) {
      JsonDiff.diffAt(
          path(index, false),
          depthOf(index, false),
          tree(a, startA, valueEndA),
          tree(b, startB, valueEndB),
          rules,
          out);
    }
    top = index - 1;
    if (out.size() > frame.outMark) {
      markDirty();
    }
    continueAfter(valueEndA, valueEndB);
  }

  /** The members of the object on top differ in name, order or spacing: pair them by name. */
  private void objectByMembers(int fromA) {
    int fromB = fromA + delta;
    List<Member> mine = new ArrayList<>();
    List<Member> theirs = new ArrayList<>();
    int closeA = JsonContainers.members(a, fromA, endA, mine);
    int closeB = JsonContainers.members(b, fromB, endB, theirs);
    Map<String, Member> byName = new HashMap<>(theirs.size() * 2);
    for (Member member : theirs) {
      byName.putIfAbsent(member.name(), member);
    }
    String[] path = path(top, false);
    int depth = depthOf(top, false);
    String[] child = Arrays.copyOf(path, depth + 1);
    int before = out.size();
    for (Member member : mine) {
      Member other = byName.remove(member.name());
      child[depth] = member.name();
      if (other != null) {
        child(child, depth + 1, member.start(), member.end(), other.start(), other.end()).run();
      } else if (!(hasPathRules && JsonDiff.ignoredWithin(rules, child, depth + 1))) {
        out.add(
            new Difference.MissingOnNew(
                JsonDiff.pointer(child, depth + 1),
                JsonScalars.render(a, member.start(), member.end())));
      }
    }
    for (Member member : theirs) {
      if (byName.get(member.name()) == member) {
        child[depth] = member.name();
        if (!(hasPathRules && JsonDiff.ignoredWithin(rules, child, depth + 1))) {
          out.add(
              new Difference.ExtraOnNew(
                  JsonDiff.pointer(child, depth + 1),
                  JsonScalars.render(b, member.start(), member.end())));
        }
      }
    }
    top--;
    if (out.size() > before) {
      markDirty();
    }
    continueAfter(closeA, closeB);
  }

  /** The array on top differs in length or spacing: compare the remaining elements pairwise. */
  private void arrayByElements(int fromA) {
    int index = top;
    Frame frame = frames.get(index);
    int fromB = fromA + delta;
    List<int[]> mine = new ArrayList<>();
    List<int[]> theirs = new ArrayList<>();
    int closeA = JsonContainers.elements(a, fromA, endA, mine);
    int closeB = JsonContainers.elements(b, fromB, endB, theirs);
    int lengthA = frame.completed + mine.size();
    int lengthB = frame.completed + theirs.size();
    String[] path = path(index, false);
    int depth = depthOf(index, false);
    if (lengthA != lengthB) {
      truncate(frame.outMark);
      out.add(new Difference.ArrayLengthChanged(JsonDiff.pointer(path, depth), lengthA, lengthB));
    } else {
      String[] child = Arrays.copyOf(path, depth + 1);
      for (int i = 0; i < mine.size(); i++) {
        int[] element = mine.get(i);
        int[] other = theirs.get(i);
        child[depth] = Integer.toString(frame.completed + i);
        if (!Arrays.equals(a, element[0], element[1], b, other[0], other[1])) {
          child(child, depth + 1, element[0], element[1], other[0], other[1]).run();
          frame.addDirty(element[0], other[0]);
        }
      }
      ArrayOrder.judge(this, index);
    }
    top = index - 1;
    if (out.size() > frame.outMark) {
      markDirty();
    }
    continueAfter(closeA, closeB);
  }
}
