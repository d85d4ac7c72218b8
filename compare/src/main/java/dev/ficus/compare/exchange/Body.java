package dev.ficus.compare.exchange;

import java.util.Arrays;

/**
 * A message body as far as it was kept: at most a configured number of bytes.
 *
 * @param bytes the bytes kept (all of them unless {@code truncated})
 * @param contentType the Content-Type header, or null
 * @param length the full length of the body, as far as it was seen
 * @param truncated whether bytes were dropped because the body was over the limit
 */
public record Body(byte[] bytes, String contentType, long length, boolean truncated) {

  private static final byte[] NONE = new byte[0];

  public Body {
    bytes = bytes == null ? NONE : bytes;
  }

  public static Body empty(String contentType) {
    return new Body(NONE, contentType, 0, false);
  }

  public static Body of(byte[] bytes, String contentType) {
    return new Body(bytes, contentType, bytes.length, false);
  }

  public boolean isEmpty() {
    return length == 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Body body
        && Arrays.equals(bytes, body.bytes)
        && java.util.Objects.equals(contentType, body.contentType)
        && length == body.length
        && truncated == body.truncated;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes) * 31 + Long.hashCode(length);
  }

  @Override
  public String toString() {
    return "Body["
        + length
        + " bytes"
        + (truncated ? ", truncated" : "")
        + ", "
        + contentType
        + "]";
  }
}
