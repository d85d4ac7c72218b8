package dev.ficus.compare.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureWriterTest {

  @TempDir Path dir;

  private final List<String> problems = new CopyOnWriteArrayList<>();

  private CaptureWriter writer(long maxFileBytes, Duration maxAge, int queue, Clock clock) {
    return new CaptureWriter(
        new CaptureWriter.Settings(dir, maxFileBytes, maxAge, queue, 64 << 20, null),
        problems::add,
        clock);
  }

  private static CapturedExchange record() {
    return new CapturedExchange(CaptureFormatTest.sample(), "match");
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private long records() throws IOException {
    long count = 0;
    for (Path file : CaptureReader.files(List.of(dir))) {
      try (Stream<CaptureReader.Line> lines = CaptureReader.lines(file)) {
        count += lines.filter(line -> line instanceof CaptureReader.Entry).count();
      }
    }
    return count;
  }

  @Test
  void everyAcceptedRecordIsOnDiskAfterClose() throws IOException {
    CaptureWriter writer = writer(1 << 20, Duration.ofHours(1), 100_000, Clock.systemUTC());
    for (int i = 0; i < 5_000; i++) {
      assertThat(writer.offer(record())).isTrue();
    }

    writer.close();

    assertThat(records()).isEqualTo(5_000);
    assertThat(writer.status().written()).isEqualTo(5_000);
    assertThat(writer.status().dropped()).isZero();
    assertThat(problems).isEmpty();
  }

  @Test
  void filesRotateBySizeAndAreGzippedWhenClosed() throws IOException {
    CaptureWriter writer = writer(10_000, Duration.ofHours(1), 100_000, Clock.systemUTC());
    for (int i = 0; i < 200; i++) {
      writer.offer(record());
    }

    writer.close();

    List<Path> files = files();
    assertThat(files).hasSizeGreaterThan(5);
    assertThat(files).allMatch(f -> f.getFileName().toString().endsWith(".jsonl.gz"));
    for (Path file : files) {
      byte[] head = Files.readAllBytes(file);
      assertThat(head[0] & 0xff).isEqualTo(0x1f);
      assertThat(head[1] & 0xff).isEqualTo(0x8b);
    }
    assertThat(records()).isEqualTo(200);
  }

  @Test
  void filesRotateByAge() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T00:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    CaptureWriter writer = writer(1 << 30, Duration.ofMinutes(5), 1000, clock);
    writer.offer(record());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> writer.status().written() == 1);

    now.set(now.get().plus(Duration.ofMinutes(6)));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> writer.status().filesClosed() == 1);
    writer.offer(record());
    writer.close();

    assertThat(files()).hasSize(2);
    assertThat(records()).isEqualTo(2);
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() {
    CaptureWriter writer =
        new CaptureWriter(
            new CaptureWriter.Settings(dir, 1 << 20, Duration.ofHours(1), 10, 2_000, null),
            problems::add,
            Clock.systemUTC());
    int accepted = 0;
    for (int i = 0; i < 1_000; i++) {
      if (writer.offer(record())) {
        accepted++;
      }
    }
    writer.close();

    CaptureWriter.Status status = writer.status();
    assertThat(status.dropped()).isPositive();
    assertThat(status.accepted()).isEqualTo(accepted);
    assertThat(status.dropped() + status.accepted()).isEqualTo(1_000);
    assertThat(status.written()).isEqualTo(accepted);
  }

  @Test
  void anUnwritableDirectoryIsReportedAndNothingIsThrown() throws IOException {
    Path blocker = dir.resolve("not-a-directory");
    Files.writeString(blocker, "a file where the capture directory should be");
    CaptureWriter writer =
        new CaptureWriter(
            new CaptureWriter.Settings(
                blocker.resolve("capture"), 1 << 20, Duration.ofHours(1), 100, 1 << 20, null),
            problems::add,
            Clock.systemUTC());

    assertThat(writer.offer(record())).isTrue();
    writer.close();

    assertThat(writer.status().failed()).isEqualTo(1);
    assertThat(writer.status().lastError()).contains("not-a-directory");
    assertThat(problems).isNotEmpty();
  }
}
