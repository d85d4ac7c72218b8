package dev.ficus.compare.diff;

import static dev.ficus.compare.diff.Frame.ARRAY;
import static dev.ficus.compare.diff.Frame.OBJECT;

import dev.ficus.compare.rules.CompareRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything one {@link Level} knows, declared in one place: the two documents and the bounds of
 * the value it scans, the rules and the list differences go to (shared by every level of one diff),
 * and the scan's position: where it is in the legacy bytes ({@link #pos}), how far the new bytes
 * are shifted from there ({@link #delta}), what the legacy bytes must hold next ({@link #state})
 * and the open containers ({@link #frames} up to {@link #top}). The methods here keep the frames in
 * step as containers open and close, name the path, and hand arrays to {@link ArrayOrder} as they
 * close. {@link ScalarDiff} and {@link ArrayOrder} read the documents and write differences through
 * it.
 *
 * <p>{@link Level}, the walk that moves the position, extends this class rather than holding one:
 * the walk's loop touches the position at every token, and on {@code this} that costs what it did
 * when the walk and its state were one class.
 */
class ScanState {

  static final int EXPECT_VALUE = 0;
  static final int AFTER_VALUE = 1;
  static final int EXPECT_KEY = 2;
  static final int EXPECT_COLON = 3;

  final byte[] a;
  final byte[] b;
  final CompareRules rules;
  final boolean hasPathRules;
  final List<Difference> out;

  /** The path of the value this level scans, in {@code prefix[0, prefixDepth)}. */
  final String[] prefix;

  final int prefixDepth;
  final int endA;
  final int endB;
  final List<Frame> frames = new ArrayList<>();
  int top = -1;
  int pos;
  int delta;
  int state = EXPECT_VALUE;
  boolean done;

  ScanState(
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
    this.a = a;
    this.b = b;
    this.rules = rules;
    this.hasPathRules = hasPathRules;
    this.out = out;
    this.prefix = prefix;
    this.prefixDepth = prefixDepth;
    this.pos = startA;
    this.endA = endA;
    this.endB = endB;
    this.delta = startB - startA;
  }

  Frame topFrame() {
    return frames.get(top);
  }

  /** A container starts at {@code startA} (and {@code startA + delta}): push its frame. */
  void open(int type, int startA) {
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
  void startElement(int startA, int startB) {
    if (top >= 0) {
      Frame frame = frames.get(top);
      if (frame.type == ARRAY) {
        frame.elementStart = startA;
        frame.elementDelta = startB - startA;
      }
    }
  }

  /** A value ended: count it in its array, or end the scan when it was the level's own value. */
  void valueDone() {
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

  /** The value just handled ends at {@code endA} and {@code endB}: go on after it. */
  void continueAfter(int endA, int endB) {
    pos = endA;
    delta = endB - endA;
    valueDone();
  }

  /** The container on top closed (at {@link #pos}): judge an array's order, pop its frame. */
  void close() {
    Frame frame = frames.get(top);
    if (frame.type == ARRAY) {
      ArrayOrder.judge(this, top);
    }
    top--;
    valueDone();
  }

  /**
   * The rest is the same in both: close every open container, judging the order of arrays that
   * differed.
   */
  void closeIdenticalRest() {
    for (int i = top; i >= 0; i--) {
      Frame frame = frames.get(i);
      if (frame.type == ARRAY) {
        if (frame.elementDirty) {
          frame.addDirty(frame.elementStart, frame.elementStart + frame.elementDelta);
          frame.elementDirty = false;
        }
        ArrayOrder.judge(this, i);
      }
    }
    done = true;
  }

  /**
   * Every open array's current element is one the scan looked into (the order check must include
   * it).
   */
  void markDirty() {
    for (int i = 0; i <= top; i++) {
      Frame frame = frames.get(i);
      if (frame.type == ARRAY) {
        frame.elementDirty = true;
      }
    }
  }

  /** Drops the differences found since there were {@code size}. */
  void truncate(int size) {
    if (out.size() > size) {
      out.subList(size, out.size()).clear();
    }
  }

  /**
   * The path of frame {@code count}'s container (or, with {@code child}, of the value inside the
   * top frame).
   */
  String[] path(int count, boolean child) {
    int depth = depthOf(count, child);
    String[] path = Arrays.copyOf(prefix, Math.max(depth, 1));
    int n = child ? top + 1 : count;
    for (int i = 0; i < n; i++) {
      path[prefixDepth + i] = segment(frames.get(i));
    }
    return path;
  }

  int depthOf(int count, boolean child) {
    return prefixDepth + (child ? top + 1 : count);
  }

  private String segment(Frame frame) {
    if (frame.type == ARRAY) {
      return Integer.toString(frame.completed);
    }
    return frame.keyEscaped
        ? JsonBytes.tree(a, frame.keyStart - 1, frame.keyEnd + 1).asString()
        : new String(a, frame.keyStart, frame.keyEnd - frame.keyStart, StandardCharsets.UTF_8);
  }
}
