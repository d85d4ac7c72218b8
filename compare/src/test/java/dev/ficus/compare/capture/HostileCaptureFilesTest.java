package dev.ficus.compare.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture files from a seeded generator of damage: lines cut short, bytes flipped, invalid UTF-8,
 * garbage and empty lines, gzip cut at any byte. Every line is read as an exchange or reported as a
 * bad line with its file and number; a cut gzip ends with an error naming the file and the line;
 * nothing else escapes, and no good line before the damage is lost.
 */
class HostileCaptureFilesTest {

  @TempDir Path dir;

  @Test
  void damagedCaptureFilesAreReadLineByLineOrStopWhereTheyBreak() throws IOException {
    Random random = new Random(Long.getLong("ficus.hostile.seed", 20261129L));
    String good = CaptureFormat.write(new CapturedExchange(CaptureFormatTest.sample(), "match"));
    int bad = 0;
    for (int round = 0; round < 600; round++) {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      int lines = 1 + random.nextInt(8);
      int damaged = 0;
      for (int i = 0; i < lines; i++) {
        byte[] line = good.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(3) == 0) {
          line = damage(random, line);
          damaged++;
        }
        text.write(line);
        text.write('\n');
      }
      byte[] plain = text.toByteArray();
      boolean gzip = random.nextBoolean();
      byte[] bytes = gzip ? gzip(plain) : plain;
      boolean cut = gzip && random.nextInt(3) == 0;
      if (cut) {
        bytes = java.util.Arrays.copyOf(bytes, 2 + random.nextInt(bytes.length - 2));
      }
      Path file = dir.resolve("capture-" + round + (gzip ? ".jsonl.gz" : ".jsonl"));
      Files.write(file, bytes);
      int entries = 0;
      int reported = 0;
      try (Stream<CaptureReader.Line> read = CaptureReader.lines(file)) {
        for (CaptureReader.Line line : (Iterable<CaptureReader.Line>) read::iterator) {
          if (line instanceof CaptureReader.Bad problem) {
            assertThat(problem.toString()).startsWith(file.toString() + ":");
            reported++;
          } else {
            entries++;
          }
        }
        assertThat(cut && entries + reported < lines).as("a cut file is said to be cut").isFalse();
      } catch (UncheckedIOException | IOException stopped) {
        assertThat(cut).as("round %d: only a cut gzip stops: %s", round, stopped).isTrue();
        assertThat(stopped.getMessage()).startsWith(file + ":").contains("cannot read further");
      }
      if (!cut) {
        assertThat(entries)
            .as("round %d: good lines", round)
            .isGreaterThanOrEqualTo(lines - damaged);
        assertThat(entries + reported)
            .as("round %d: every line accounted for", round)
            .isEqualTo(lines);
      }
      bad += reported;
    }
    assertThat(bad).as("damaged lines reported").isGreaterThan(100);
  }

  private static byte[] damage(Random random, byte[] line) {
    return switch (random.nextInt(5)) {
      case 0 -> java.util.Arrays.copyOf(line, 1 + random.nextInt(line.length - 1));
      case 1 -> {
        byte[] flipped = line.clone();
        for (int i = 0; i < 5; i++) {
          // Any byte but a line break, which would make two lines of one.
          byte b = (byte) random.nextInt(256);
          flipped[random.nextInt(flipped.length)] = b == '\n' || b == '\r' ? (byte) '#' : b;
        }
        yield flipped;
      }
      case 2 -> new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'};
      case 3 -> "{\"schema\":\"ficus.capture/999\"}".getBytes(StandardCharsets.UTF_8);
      default -> "not json at all".getBytes(StandardCharsets.UTF_8);
    };
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(plain);
    }
    return out.toByteArray();
  }
}
