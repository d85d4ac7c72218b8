package dev.ficus.gateway.testing;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A reproducible stream of pseudo-random bytes, so large bodies can be checked without keeping
 * them.
 */
public final class GeneratedBytes extends InputStream {

  private final SplittableRandom random;
  private long remaining;

  public GeneratedBytes(long size, long seed) {
    this.random = new SplittableRandom(seed);
    this.remaining = size;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    if (remaining <= 0) {
      return -1;
    }
    int n = (int) Math.min(length, remaining);
    for (int i = 0; i < n; i++) {
      buffer[offset + i] = (byte) random.nextInt(256);
    }
    remaining -= n;
    return n;
  }

  /** SHA-256 of everything a stream yields, and how many bytes it yielded. */
  public static String digest(InputStream in) {
    try (in) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      long count = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        sha.update(buffer, 0, n);
        count += n;
      }
      return count + ":" + HexFormat.of().formatHex(sha.digest());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
