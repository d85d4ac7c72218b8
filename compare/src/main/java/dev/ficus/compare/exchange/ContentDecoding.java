package dev.ficus.compare.exchange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/** Undoes gzip and deflate content encodings, bounded, so compressed answers compare by content. */
public final class ContentDecoding {

  private ContentDecoding() {}

  /**
   * The decoded body, marked truncated when it decodes to more than {@code limit} bytes; the body
   * itself when the encoding is unknown (such as br) or the bytes do not decode.
   */
  public static Body decode(Body body, String encoding, long limit) {
    String name = encoding.trim().toLowerCase(Locale.ROOT);
    if (!name.equals("gzip") && !name.equals("x-gzip") && !name.equals("deflate")) {
      return body;
    }
    try (InputStream in =
        name.equals("deflate")
            ? new InflaterInputStream(new ByteArrayInputStream(body.bytes()))
            : new GZIPInputStream(new ByteArrayInputStream(body.bytes()))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      long total = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
        if (total <= limit) {
          out.write(buffer, 0, n);
        }
      }
      return new Body(out.toByteArray(), body.contentType(), total, total > limit);
    } catch (IOException e) {
      return body;
    }
  }
}
