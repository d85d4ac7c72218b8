package dev.ficus.gateway.shadow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sticky sampling: a user is in a route's sample or not, on every request and every replica,
 * because the draw is a hash of route and user. A request without a user id is drawn at random.
 */
public final class ShadowSampler {

  private ShadowSampler() {}

  public static boolean sampled(String routeId, Optional<String> userId, double rate) {
    if (rate >= 1) {
      return true;
    }
    if (rate <= 0) {
      return false;
    }
    double draw =
        userId
            .map(id -> unitInterval(sha256(routeId + "\u0000" + id)))
            .orElseGet(() -> ThreadLocalRandom.current().nextDouble());
    return draw < rate;
  }

  /**
   * A stable, non-reversible-by-eye stand-in for a user id in records: 16 hex digits of SHA-256.
   */
  public static String userHash(String userId) {
    return HexFormat.of().formatHex(sha256(userId), 0, 8);
  }

  private static double unitInterval(byte[] hash) {
    long bits = ByteBuffer.wrap(hash, 0, 8).getLong() >>> 11;
    return bits / (double) (1L << 53);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
