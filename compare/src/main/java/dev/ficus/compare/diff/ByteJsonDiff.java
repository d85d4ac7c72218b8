package dev.ficus.compare.diff;

import dev.ficus.compare.rules.CompareRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

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
 */
final class ByteJsonDiff {

  /** The bytes are not JSON; the caller compares them another way. */
  static final class MalformedJson extends RuntimeException {
    MalformedJson(String message) {
      super(message, null, false, false);
    }
  }

  private static final ObjectMapper JSON = JsonLimits.mapper();

  private static final int OBJECT = 1;
  private static final int ARRAY = 2;

  private static final int EXPECT_VALUE = 0;
  private static final int AFTER_VALUE = 1;
  private static final int EXPECT_KEY = 2;
  private static final int EXPECT_COLON = 3;

  private final byte[] a;
  private final byte[] b;
  private final CompareRules rules;
  private final boolean hasPathRules;
  private final List<Difference> out;

  private ByteJsonDiff(byte[] a, byte[] b, CompareRules rules, List<Difference> out) {
    this.a = a;
    this.b = b;
    this.rules = rules;
    this.hasPathRules = rules.hasPathRules();
    this.out = out;
  }

  /**
   * Adds the differences of two JSON documents to {@code out}.
   *
   * @throws MalformedJson when a document is not JSON where it had to be read
   */
  static void diffInto(byte[] legacy, byte[] fresh, CompareRules rules, List<Difference> out) {
    ByteJsonDiff diff = new ByteJsonDiff(legacy, fresh, rules, out);
    int start = diff.skipWhitespace(legacy, 0, legacy.length);
    int startB = diff.skipWhitespace(fresh, 0, fresh.length);
    if (start >= legacy.length || startB >= fresh.length) {
      throw new MalformedJson("empty document");
    }
    try {
      diff.new Level(new String[0], 0, start, legacy.length, startB, fresh.length).run();
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      // A token the scanner took for a number, or a document cut short where a value had to be:
      // not JSON, whatever the scan made of it.
      throw new MalformedJson("not JSON: " + e.getMessage());
    }
  }

  /** A container being scanned. */
  private static final class Frame {
    int type;
    int startA;
    int startDelta;
    int outMark;
    int keyStart;
    int keyEnd;
    boolean keyEscaped;
    int memberStart;
    int completed;
    int elementStart;
    int elementDelta;
    boolean elementDirty;
    int[] dirty;
    int dirtyCount;

    void addDirty(int startA, int startB) {
      if (dirty == null) {
        dirty = new int[8];
      } else if (dirtyCount * 2 == dirty.length) {
        dirty = Arrays.copyOf(dirty, dirty.length * 2);
      }
      dirty[dirtyCount * 2] = startA;
      dirty[dirtyCount * 2 + 1] = startB;
      dirtyCount++;
    }
  }

  /**
   * The scan of one value (the document, or a member or element handed down), with its own frames.
   */
  private final class Level {
    private final String[] prefix;
    private final int prefixDepth;
    private final int endA;
    private final int endB;
    private final List<Frame> frames = new ArrayList<>();
    private int top = -1;
    private int pos;
    private int delta;
    private int state = EXPECT_VALUE;
    private boolean done;

    Level(String[] prefix, int prefixDepth, int startA, int endA, int startB, int endB) {
      this.prefix = prefix;
      this.prefixDepth = prefixDepth;
      this.pos = startA;
      this.endA = endA;
      this.endB = endB;
      this.delta = startB - startA;
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

    /** Whether the last key read by {@link #keyEnd} holds an escape. */
    private boolean stringEscaped;

    /** Like {@link ByteJsonDiff#stringEnd}, noting whether the string holds an escape. */
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
            } else if (c == ']' && top >= 0 && frames.get(top).type == ARRAY) {
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
            Frame frame = frames.get(top);
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
            Frame frame = frames.get(top);
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

    private void open(int type, int startA) {
      startElement(startA, startA + delta);
      Frame frame;
      if (++top < frames.size()) {
        frame = frames.get(top);
        frame.dirtyCount = 0;
        frame.elementDirty = false;
      } else {
        frame = new Frame();
        frames.add(frame);
      }
      frame.type = type;
      frame.startA = startA;
      frame.startDelta = delta;
      frame.outMark = out.size();
      frame.completed = 0;
      frame.memberStart = startA + 1;
      state = type == OBJECT ? EXPECT_KEY : EXPECT_VALUE;
    }

    /**
     * The value starting at {@code startA} is an element of the array on top: remember where it
     * starts.
     */
    private void startElement(int startA, int startB) {
      if (top >= 0) {
        Frame frame = frames.get(top);
        if (frame.type == ARRAY) {
          frame.elementStart = startA;
          frame.elementDelta = startB - startA;
        }
      }
    }

    private void valueDone() {
      state = AFTER_VALUE;
      if (top < 0) {
        done = true;
        return;
      }
      Frame frame = frames.get(top);
      if (frame.type == ARRAY) {
        if (frame.elementDirty) {
          frame.addDirty(frame.elementStart, frame.elementStart + frame.elementDelta);
          frame.elementDirty = false;
        }
        frame.completed++;
      }
    }

    private void close() {
      Frame frame = frames.get(top);
      if (frame.type == ARRAY) {
        checkOrder(top);
      }
      top--;
      valueDone();
    }

    /**
     * The rest is the same in both: close every open container, judging the order of arrays that
     * differed.
     */
    private void closeIdenticalRest() {
      for (int i = top; i >= 0; i--) {
        Frame frame = frames.get(i);
        if (frame.type == ARRAY) {
          if (frame.elementDirty) {
            frame.addDirty(frame.elementStart, frame.elementStart + frame.elementDelta);
            frame.elementDirty = false;
          }
          checkOrder(i);
        }
      }
      done = true;
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
        Frame frame = top >= 0 ? frames.get(top) : null;
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
        if (!plainScalarDiff(path, depth, valueA, valueEndA, valueB, valueEndB)) {
          JsonDiff.diffAt(
              path, depth, tree(a, valueA, valueEndA), tree(b, valueB, valueEndB), rules, out);
        }
        if (out.size() > before) {
          markDirty();
        }
        pos = valueEndA;
        delta = valueEndB - valueEndA;
        valueDone();
        return;
      }
      if (top < 0) {
        done = true;
        return;
      }
      Frame frame = frames.get(top);
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
          pos = valueEndA;
          delta = valueEndB - valueEndA;
          valueDone();
          return true;
        }
      }
      return false;
    }

    /**
     * Diffs two scalars without a parser when both are plain: strings without escapes, integers,
     * true, false, null. Returns false, having added nothing, for anything else (the tree diff then
     * decides).
     */
    private boolean plainScalarDiff(
        String[] path, int depth, int startA, int endA, int startB, int endB) {
      int kindA = plainKind(a, startA, endA);
      int kindB = plainKind(b, startB, endB);
      if (kindA == 0 || kindB == 0) {
        return false;
      }
      String pointer = JsonDiff.pointer(path, depth);
      if (kindA != kindB) {
        out.add(new Difference.TypeChanged(pointer, PLAIN_TYPES[kindA], PLAIN_TYPES[kindB]));
        return true;
      }
      if (kindA == PLAIN_NUMBER) {
        numberDiff(path, depth, pointer, startA, endA, startB, endB);
        return true;
      }
      if (!Arrays.equals(a, startA, endA, b, startB, endB)) {
        out.add(
            new Difference.ValueChanged(
                pointer, plainText(a, startA, endA), plainText(b, startB, endB)));
      }
      return true;
    }

    /**
     * Numbers as the tree diff compares them: by value (5 equals 5.0), then the path's tolerance.
     */
    private void numberDiff(
        String[] path, int depth, String pointer, int startA, int endA, int startB, int endB) {
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
          JsonDiff.diffAt(path, depth, tree(a, startA, endA), tree(b, startB, endB), rules, out);
          return;
        }
        if (x == y) {
          return;
        }
        renderedA = integerA ? Long.toString((long) x) : Double.toString(x);
        renderedB = integerB ? Long.toString((long) y) : Double.toString(y);
      }
      dev.ficus.compare.rules.Tolerance tolerance =
          hasPathRules ? rules.tolerance(path, depth) : null;
      if (tolerance == null || !tolerance.accepts(x, y)) {
        out.add(new Difference.ValueChanged(pointer, renderedA, renderedB));
      }
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
      int before = frame.outMark;
      top = index - 1;
      pos = valueEndA;
      delta = valueEndB - valueEndA;
      if (out.size() > before) {
        markDirty();
      }
      valueDone();
    }

    /** The members of the object on top differ in name, order or spacing: pair them by name. */
    private void objectByMembers(int fromA) {
      int fromB = fromA + delta;
      List<Member> mine = new ArrayList<>();
      List<Member> theirs = new ArrayList<>();
      int closeA = members(a, fromA, endA, mine);
      int closeB = members(b, fromB, endB, theirs);
      Map<String, Member> byName = new HashMap<>(theirs.size() * 2);
      for (Member member : theirs) {
        byName.putIfAbsent(member.name, member);
      }
      String[] path = path(top, false);
      int depth = depthOf(top, false);
      String[] child = Arrays.copyOf(path, depth + 1);
      int before = out.size();
      for (Member member : mine) {
        Member other = byName.remove(member.name);
        child[depth] = member.name;
        if (other != null) {
          new Level(child, depth + 1, member.start, member.end, other.start, other.end).run();
        } else if (!(hasPathRules && JsonDiff.ignoredWithin(rules, child, depth + 1))) {
          out.add(
              new Difference.MissingOnNew(
                  JsonDiff.pointer(child, depth + 1), render(a, member.start, member.end)));
        }
      }
      for (Member member : theirs) {
        if (byName.get(member.name) == member) {
          child[depth] = member.name;
          if (!(hasPathRules && JsonDiff.ignoredWithin(rules, child, depth + 1))) {
            out.add(
                new Difference.ExtraOnNew(
                    JsonDiff.pointer(child, depth + 1), render(b, member.start, member.end)));
          }
        }
      }
      top--;
      pos = closeA;
      delta = closeB - closeA;
      if (out.size() > before) {
        markDirty();
      }
      valueDone();
    }

    /** The array on top differs in length or spacing: compare the remaining elements pairwise. */
    private void arrayByElements(int fromA) {
      int index = top;
      Frame frame = frames.get(index);
      int fromB = fromA + delta;
      List<int[]> mine = new ArrayList<>();
      List<int[]> theirs = new ArrayList<>();
      int closeA = elements(a, fromA, endA, mine);
      int closeB = elements(b, fromB, endB, theirs);
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
            new Level(child, depth + 1, element[0], element[1], other[0], other[1]).run();
            frame.addDirty(element[0], other[0]);
          }
        }
        checkOrder(index);
      }
      int mark = frame.outMark;
      top = index - 1;
      pos = closeA;
      delta = closeB - closeA;
      if (out.size() > mark) {
        markDirty();
      }
      valueDone();
    }

    /**
     * If the elements that differed are the same elements in another order, that is one difference.
     */
    private void checkOrder(int index) {
      Frame frame = frames.get(index);
      if (frame.dirtyCount == 0 || out.size() <= frame.outMark) {
        return;
      }
      if (!sameCanonicalHashes(frame)) {
        return;
      }
      Map<Slice, Integer> counts = new HashMap<>();
      for (int i = 0; i < frame.dirtyCount; i++) {
        int start = frame.dirty[i * 2];
        counts.merge(new Slice(a, start, valueEnd(a, start, endA)), 1, Integer::sum);
      }
      List<Slice> unmatched = new ArrayList<>();
      for (int i = 0; i < frame.dirtyCount; i++) {
        int start = frame.dirty[i * 2 + 1];
        Slice slice = new Slice(b, start, valueEnd(b, start, endB));
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
      truncate(frame.outMark);
      out.add(
          new Difference.ArrayOrderChanged(
              JsonDiff.pointer(path(index, false), depthOf(index, false))));
    }

    /**
     * A quick exact test that can only say no: elements equal as JSON have equal canonical hashes,
     * so if the differing elements' hashes are not the same multiset, the array was not reordered.
     */
    private boolean sameCanonicalHashes(Frame frame) {
      int n = frame.dirtyCount;
      long[] legacy = new long[n];
      boolean[] hashed = new boolean[n];
      boolean[] paired = new boolean[n];
      CanonicalHash legacyHash = new CanonicalHash(a, endA);
      CanonicalHash freshHash = new CanonicalHash(b, endB);
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
    private boolean sameAsTrees(Map<Slice, Integer> leftInLegacy, List<Slice> leftInNew) {
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

    /**
     * Every open array's current element is one the scan looked into (the order check must include
     * it).
     */
    private void markDirty() {
      for (int i = 0; i <= top; i++) {
        Frame frame = frames.get(i);
        if (frame.type == ARRAY) {
          frame.elementDirty = true;
        }
      }
    }

    private void truncate(int size) {
      if (out.size() > size) {
        out.subList(size, out.size()).clear();
      }
    }

    // ---- paths
    // ------------------------------------------------------------------------------------

    /**
     * The path of frame {@code count}'s container (or, with {@code child}, of the value inside the
     * top frame).
     */
    private String[] path(int count, boolean child) {
      int depth = depthOf(count, child);
      String[] path = Arrays.copyOf(prefix, Math.max(depth, 1));
      int n = child ? top + 1 : count;
      for (int i = 0; i < n; i++) {
        path[prefixDepth + i] = segment(frames.get(i));
      }
      return path;
    }

    private int depthOf(int count, boolean child) {
      return prefixDepth + (child ? top + 1 : count);
    }

    private String segment(Frame frame) {
      if (frame.type == ARRAY) {
        return Integer.toString(frame.completed);
      }
      return frame.keyEscaped
          ? tree(a, frame.keyStart - 1, frame.keyEnd + 1).asString()
          : new String(a, frame.keyStart, frame.keyEnd - frame.keyStart, StandardCharsets.UTF_8);
    }
  }

  // ---- reading JSON where it is needed
  // ---------------------------------------------------------------

  private record Member(String name, int start, int end) {}

  /** Reads members from {@code from} to the object's end; returns the position after its '}'. */
  private int members(byte[] bytes, int from, int limit, List<Member> members) {
    int p = from;
    while (true) {
      p = skipWhitespace(bytes, p, limit);
      byte c = at(bytes, p, limit);
      if (c == '}') {
        return p + 1;
      }
      if (c == ',') {
        p++;
        continue;
      }
      if (c != '"') {
        throw new MalformedJson("expected a member name at " + p);
      }
      int nameEnd = stringEnd(bytes, p, limit);
      String name =
          indexOf(bytes, (byte) '\\', p + 1, nameEnd - 1) >= 0
              ? tree(bytes, p, nameEnd).asString()
              : new String(bytes, p + 1, nameEnd - p - 2, StandardCharsets.UTF_8);
      p = skipWhitespace(bytes, nameEnd, limit);
      if (at(bytes, p, limit) != ':') {
        throw new MalformedJson("expected ':' at " + p);
      }
      int start = skipWhitespace(bytes, p + 1, limit);
      int end = valueEnd(bytes, start, limit);
      members.add(new Member(name, start, end));
      p = end;
    }
  }

  /** Reads elements from {@code from} to the array's end; returns the position after its ']'. */
  private int elements(byte[] bytes, int from, int limit, List<int[]> elements) {
    int p = from;
    while (true) {
      p = skipWhitespace(bytes, p, limit);
      byte c = at(bytes, p, limit);
      if (c == ']') {
        return p + 1;
      }
      if (c == ',') {
        p++;
        continue;
      }
      int end = valueEnd(bytes, p, limit);
      elements.add(new int[] {p, end});
      p = end;
    }
  }

  private static JsonNode tree(byte[] bytes, int start, int end) {
    try {
      return JSON.readTree(bytes, start, end - start);
    } catch (JacksonException e) {
      throw new MalformedJson(e.getOriginalMessage());
    }
  }

  /** Bytes of one value, equal and hashed by content. */
  private static final class Slice {
    private final byte[] bytes;
    private final int start;
    private final int end;
    private final int hash;

    Slice(byte[] bytes, int start, int end) {
      this.bytes = bytes;
      this.start = start;
      this.end = end;
      int h = 1;
      for (int i = start; i < end; i++) {
        h = 31 * h + bytes[i];
      }
      this.hash = h;
    }

    JsonNode tree() {
      return ByteJsonDiff.tree(bytes, start, end);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Slice slice
          && slice.hash == hash
          && Arrays.equals(bytes, start, end, slice.bytes, slice.start, slice.end);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  // ---- plain scalars and canonical hashes
  // -------------------------------------------------------------

  private static final int PLAIN_STRING = 1;
  private static final int PLAIN_NUMBER = 2;
  private static final int PLAIN_BOOLEAN = 3;
  private static final int PLAIN_NULL = 4;
  private static final String[] PLAIN_TYPES = {null, "string", "number", "boolean", "null"};
  private static final int MAX_PLAIN = 200;

  /** A value as the tree diff renders it, without a parser for plain scalars. */
  private static String render(byte[] bytes, int start, int end) {
    switch (plainKind(bytes, start, end)) {
      case PLAIN_STRING, PLAIN_BOOLEAN, PLAIN_NULL:
        return plainText(bytes, start, end);
      case PLAIN_NUMBER:
        if (isInteger(bytes, start, end)) {
          return Long.toString(parseLong(bytes, start, end));
        }
        double value = parseDouble(bytes, start, end);
        if (!Double.isInfinite(value) && Math.abs(value) < 0x1p53) {
          return Double.toString(value);
        }
        return JsonDiff.render(tree(bytes, start, end));
      default:
        return JsonDiff.render(tree(bytes, start, end));
    }
  }

  private static boolean isDelimiter(byte c) {
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  private static long bytesHash(byte[] bytes, int start, int end) {
    long hash = 0xCBF29CE484222325L;
    for (int i = start; i < end; i++) {
      hash = (hash ^ (bytes[i] & 0xff)) * 0x100000001B3L;
    }
    return hash;
  }

  /** An optional minus and at most 18 digits. */
  private static boolean isInteger(byte[] bytes, int start, int end) {
    int digits = bytes[start] == '-' ? start + 1 : start;
    if (end - digits < 1 || end - digits > 18) {
      return false;
    }
    for (int i = digits; i < end; i++) {
      if (bytes[i] < '0' || bytes[i] > '9') {
        return false;
      }
    }
    return true;
  }

  private static long parseLong(byte[] bytes, int start, int end) {
    boolean negative = bytes[start] == '-';
    long value = 0;
    for (int i = negative ? start + 1 : start; i < end; i++) {
      value = value * 10 + (bytes[i] - '0');
    }
    return negative ? -value : value;
  }

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /**
   * The double a JSON number denotes, as {@link Double#parseDouble} gives it: computed directly for
   * up to 15 significant digits and a power of ten up to 22 (both then exact doubles, so one
   * product or quotient is correctly rounded), by {@code parseDouble} otherwise.
   */
  static double parseDouble(byte[] bytes, int start, int end) {
    int i = start;
    boolean negative = bytes[i] == '-';
    if (negative) {
      i++;
    }
    long mantissa = 0;
    int significant = 0;
    int scale = 0;
    boolean fraction = false;
    boolean simple = true;
    for (; i < end; i++) {
      byte c = bytes[i];
      if (c >= '0' && c <= '9') {
        if (fraction) {
          scale--;
        }
        if (mantissa == 0 && c == '0') {
          continue;
        }
        if (++significant > 15) {
          simple = false;
          break;
        }
        mantissa = mantissa * 10 + (c - '0');
      } else if (c == '.' && !fraction) {
        fraction = true;
      } else if (c == 'e' || c == 'E') {
        int exponent = 0;
        boolean negativeExponent = false;
        int j = i + 1;
        if (j < end && (bytes[j] == '-' || bytes[j] == '+')) {
          negativeExponent = bytes[j] == '-';
          j++;
        }
        if (j == end || end - j > 3) {
          simple = false;
          break;
        }
        for (; j < end; j++) {
          if (bytes[j] < '0' || bytes[j] > '9') {
            simple = false;
            break;
          }
          exponent = exponent * 10 + (bytes[j] - '0');
        }
        scale += negativeExponent ? -exponent : exponent;
        break;
      } else {
        simple = false;
        break;
      }
    }
    if (simple && mantissa == 0) {
      return negative ? -0.0 : 0.0;
    }
    if (simple && scale >= -22 && scale <= 22) {
      double value =
          scale >= 0 ? mantissa * POWERS_OF_TEN[scale] : mantissa / POWERS_OF_TEN[-scale];
      return negative ? -value : value;
    }
    return Double.parseDouble(new String(bytes, start, end - start, StandardCharsets.US_ASCII));
  }

  /**
   * The kind of a plain scalar, or 0 when it needs a parser (escapes, fractions, long values,
   * containers).
   */
  private static int plainKind(byte[] bytes, int start, int end) {
    int length = end - start;
    byte first = bytes[start];
    if (first == '"') {
      if (length > MAX_PLAIN) {
        return 0;
      }
      for (int i = start + 1; i < end - 1; i++) {
        byte c = bytes[i];
        if (c == '\\' || (c >= 0 && c < 0x20)) {
          return 0;
        }
      }
      return PLAIN_STRING;
    }
    if (first == '-' || (first >= '0' && first <= '9')) {
      return length <= 24 ? PLAIN_NUMBER : 0;
    }
    if (isLiteral(bytes, start, end, "true") || isLiteral(bytes, start, end, "false")) {
      return PLAIN_BOOLEAN;
    }
    return isLiteral(bytes, start, end, "null") ? PLAIN_NULL : 0;
  }

  private static boolean isLiteral(byte[] bytes, int start, int end, String literal) {
    if (end - start != literal.length()) {
      return false;
    }
    for (int i = 0; i < literal.length(); i++) {
      if (bytes[start + i] != literal.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String plainText(byte[] bytes, int start, int end) {
    return new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }

  /**
   * A hash of the value at {@code p} that is equal for values equal as JSON trees, whatever their
   * spacing, member order, escapes or number spelling.
   */
  private static long canonicalHash(byte[] bytes, int p, int limit) {
    return new CanonicalHash(bytes, limit).value(p);
  }

  /** Reads one value for {@link #canonicalHash}. */
  private static final class CanonicalHash {
    private final byte[] bytes;
    private final int limit;
    private int pos;

    CanonicalHash(byte[] bytes, int limit) {
      this.bytes = bytes;
      this.limit = limit;
    }

    long value(int start) {
      pos = start;
      return next();
    }

    private long next() {
      skip();
      byte c = at(bytes, pos, limit);
      if (c == '{') {
        pos++;
        long sum = 0x51ED270B27F3F1A7L;
        int members = 0;
        while (true) {
          skip();
          c = at(bytes, pos, limit);
          if (c == '}') {
            pos++;
            return mix(sum + members);
          }
          if (c == ',') {
            pos++;
            continue;
          }
          long key = string();
          skip();
          pos++;
          sum += mix(key * 0x9E3779B97F4A7C15L + next());
          members++;
        }
      }
      if (c == '[') {
        pos++;
        long hash = 0x2545F4914F6CDD1DL;
        while (true) {
          skip();
          c = at(bytes, pos, limit);
          if (c == ']') {
            pos++;
            return mix(hash);
          }
          if (c == ',') {
            pos++;
            continue;
          }
          hash = hash * 31 + next();
        }
      }
      if (c == '"') {
        return string();
      }
      int start = pos;
      byte first = bytes[start];
      if (first == 't' || first == 'f' || first == 'n') {
        pos = scalarEnd(bytes, start, limit);
        return first * 0x9E3779B97F4A7C15L;
      }
      // An integer in one pass; anything else (fraction, exponent, long) read again as a double.
      int i = first == '-' ? start + 1 : start;
      long value = 0;
      while (i < limit) {
        byte digit = bytes[i];
        if (digit < '0' || digit > '9') {
          break;
        }
        value = value * 10 + (digit - '0');
        i++;
      }
      int digits = i - (first == '-' ? start + 1 : start);
      if (digits > 0 && digits <= 18 && (i == limit || isDelimiter(bytes[i]))) {
        pos = i;
        return mix(first == '-' ? -value : value);
      }
      int end = scalarEnd(bytes, start, limit);
      pos = end;
      if (isInteger(bytes, start, end)) {
        return mix(parseLong(bytes, start, end));
      }
      return mix(Double.doubleToLongBits(parseDouble(bytes, start, end)) ^ 0xD6E8FEB86659FD93L);
    }

    private long string() {
      long hash = 0xCBF29CE484222325L;
      int i = pos + 1;
      while (true) {
        if (i >= limit) {
          throw new MalformedJson("unterminated string at " + pos);
        }
        byte c = bytes[i];
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          int end = stringEnd(bytes, pos, limit);
          byte[] decoded = tree(bytes, pos, end).asString().getBytes(StandardCharsets.UTF_8);
          pos = end;
          return mix(bytesHash(decoded, 0, decoded.length) ^ 0x3C6EF372FE94F82BL);
        }
        hash = (hash ^ (c & 0xff)) * 0x100000001B3L;
        i++;
      }
      pos = i + 1;
      return mix(hash ^ 0x3C6EF372FE94F82BL);
    }

    private void skip() {
      while (pos < limit) {
        byte c = bytes[pos];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          return;
        }
        pos++;
      }
    }

    private static long mix(long x) {
      x ^= x >>> 33;
      x *= 0xFF51AFD7ED558CCDL;
      x ^= x >>> 33;
      x *= 0xC4CEB9FE1A85EC53L;
      return x ^ (x >>> 33);
    }
  }

  // ---- the lexical scan
  // -------------------------------------------------------------------------------

  private int skipWhitespace(byte[] bytes, int p, int limit) {
    while (p < limit) {
      byte c = bytes[p];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return p;
      }
      p++;
    }
    return p;
  }

  private static byte at(byte[] bytes, int p, int limit) {
    if (p >= limit) {
      throw new MalformedJson("unexpected end at " + p);
    }
    return bytes[p];
  }

  /** The position after the string starting (with its quote) at {@code p}. */
  private static int stringEnd(byte[] bytes, int p, int limit) {
    int i = p + 1;
    while (i < limit) {
      byte c = bytes[i];
      if (c == '"') {
        return i + 1;
      }
      i += c == '\\' ? 2 : 1;
    }
    throw new MalformedJson("unterminated string at " + p);
  }

  /** The position after a number, true, false or null starting at {@code p}. */
  private static int scalarEnd(byte[] bytes, int p, int limit) {
    int i = p;
    while (i < limit) {
      byte c = bytes[i];
      if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        break;
      }
      if (c == '{' || c == '[' || c == '"' || c == ':') {
        throw new MalformedJson("unexpected '" + (char) c + "' at " + i);
      }
      i++;
    }
    if (i == p) {
      throw new MalformedJson("expected a value at " + p);
    }
    return i;
  }

  /** The position after the value starting at {@code p}. */
  private static int valueEnd(byte[] bytes, int p, int limit) {
    byte c = at(bytes, p, limit);
    if (c == '"') {
      return stringEnd(bytes, p, limit);
    }
    if (c != '{' && c != '[') {
      return scalarEnd(bytes, p, limit);
    }
    int depth = 0;
    int i = p;
    while (i < limit) {
      c = bytes[i];
      if (c == '"') {
        i = stringEnd(bytes, i, limit);
        continue;
      }
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          return i + 1;
        }
      }
      i++;
    }
    throw new MalformedJson("unclosed container at " + p);
  }

  private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
