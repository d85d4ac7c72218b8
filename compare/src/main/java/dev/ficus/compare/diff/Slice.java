package dev.ficus.compare.diff;

import java.util.Arrays;
import tools.jackson.databind.JsonNode;

/** The bytes of one value, equal and hashed by content: elements paired when their bytes agree. */
final class Slice {
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
    return JsonBytes.tree(bytes, start, end);
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
