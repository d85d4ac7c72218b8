package dev.ficus.gateway.shadow;

import dev.ficus.compare.exchange.Body;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.springframework.core.io.buffer.DataBuffer;

/**
 * Keeps a copy of a body as it streams past, up to a limit; beyond the limit it only counts. The
 * stream itself is neither held nor changed.
 */
final class BodyTee {

  private final int limit;
  private final ByteArrayOutputStream copy;
  private long seen;

  BodyTee(long limit) {
    this.limit = (int) Math.min(limit, Integer.MAX_VALUE - 8);
    this.copy = new ByteArrayOutputStream(Math.min(this.limit, 8 * 1024));
  }

  /** Copies the readable bytes of a buffer without moving its read position. */
  void append(DataBuffer buffer) {
    int readable = buffer.readableByteCount();
    long room = limit - seen;
    seen += readable;
    if (room <= 0) {
      return;
    }
    int wanted = (int) Math.min(room, readable);
    try (DataBuffer.ByteBufferIterator parts = buffer.readableByteBuffers()) {
      while (wanted > 0 && parts.hasNext()) {
        ByteBuffer part = parts.next();
        int n = Math.min(wanted, part.remaining());
        byte[] bytes = new byte[n];
        part.get(bytes);
        copy.write(bytes, 0, n);
        wanted -= n;
      }
    }
  }

  /** Bytes that went past, kept or not. */
  long seen() {
    return seen;
  }

  boolean truncated() {
    return seen > limit;
  }

  Body body(String contentType) {
    return new Body(copy.toByteArray(), contentType, seen, truncated());
  }

  @Override
  public String toString() {
    return "BodyTee[" + seen + " bytes seen, limit " + limit + "]";
  }
}
