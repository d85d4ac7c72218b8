package dev.ficus.compare.diff;

import java.util.Arrays;

/**
 * A container {@link Level} is inside: where it starts in both documents, how far the differences
 * had got when it opened, the member or element being read, and, for an array, the elements that
 * differed (for {@link ArrayOrder}). Frames are reused as the scan goes in and out.
 */
final class Frame {
  static final int OBJECT = 1;
  static final int ARRAY = 2;

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

  /** Notes an element that differed, by where it starts in each document. */
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
