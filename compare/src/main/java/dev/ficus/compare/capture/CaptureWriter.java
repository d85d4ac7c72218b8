package dev.ficus.compare.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Writes captured exchanges to rotating JSONL files on one background thread. {@link #offer} never
 * blocks: when the queue is full the record is dropped and counted. Files rotate by size and age
 * and are gzip-compressed once closed. {@link #close()} writes every accepted record before it
 * returns. Disk problems are counted and reported to the listener, never thrown at the caller.
 */
public final class CaptureWriter implements AutoCloseable {

  /**
   * @param dir where files are written; created when missing
   * @param maxFileBytes a file is closed once it holds this many bytes
   * @param maxFileAge a file is closed once it is this old (checked at least every second)
   * @param queueCapacity records waiting to be written at most
   * @param maxQueuedBytes body bytes waiting to be written at most
   * @param redaction applied to every record before it is written
   */
  public record Settings(
      Path dir,
      long maxFileBytes,
      Duration maxFileAge,
      int queueCapacity,
      long maxQueuedBytes,
      Redaction redaction) {

    public Settings {
      if (dir == null) {
        throw new IllegalArgumentException("dir must be set");
      }
      if (maxFileBytes < 1) {
        throw new IllegalArgumentException("maxFileBytes must be at least 1, was " + maxFileBytes);
      }
      if (maxFileAge == null || maxFileAge.isNegative() || maxFileAge.isZero()) {
        throw new IllegalArgumentException("maxFileAge must be positive, was " + maxFileAge);
      }
      if (queueCapacity < 1) {
        throw new IllegalArgumentException(
            "queueCapacity must be at least 1, was " + queueCapacity);
      }
      if (maxQueuedBytes < 1) {
        throw new IllegalArgumentException(
            "maxQueuedBytes must be at least 1, was " + maxQueuedBytes);
      }
      redaction = redaction == null ? Redaction.ofDefaults() : redaction;
    }
  }

  /**
   * Counts since start.
   *
   * @param accepted records taken into the queue
   * @param written records on disk
   * @param dropped records refused because the queue was full (or the writer closed)
   * @param failed accepted records lost to a disk error
   * @param filesClosed files closed (and compressed)
   * @param lastError the last disk problem, or null
   */
  public record Status(
      Path dir,
      long accepted,
      long written,
      long dropped,
      long failed,
      long filesClosed,
      String currentFile,
      String lastError) {}

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Object STOP = new Object();

  private final Settings settings;
  private final Consumer<String> problems;
  private final Clock clock;
  private final LinkedBlockingQueue<Object> queue;
  private final AtomicLong queuedBytes = new AtomicLong();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder filesClosed = new LongAdder();
  private final GzipOnClose compressor;
  private final Thread thread;
  private volatile boolean open = true;
  private volatile String lastError;
  private volatile Path currentPath;

  // Owned by the writer thread.
  private OutputStream out;
  private long fileBytes;
  private Instant fileOpened;
  private long pending;
  private int sequence;

  /**
   * @param problems told about each disk problem once, in words fit for a log line
   */
  public CaptureWriter(Settings settings, Consumer<String> problems, Clock clock) {
    this.settings = settings;
    this.problems = problems;
    this.clock = clock;
    this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
    this.compressor = new GzipOnClose(this::report);
    try {
      Files.createDirectories(settings.dir());
      if (!Files.isWritable(settings.dir())) {
        report("capture directory " + settings.dir().toAbsolutePath() + " is not writable");
      }
    } catch (IOException | SecurityException e) {
      report("cannot create capture directory " + settings.dir().toAbsolutePath() + ": " + e);
    }
    this.thread = new Thread(this::run, "ficus-capture-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a record for writing; false (and counted as dropped) when the queue is full. */
  public boolean offer(CapturedExchange captured) {
    long size = estimate(captured);
    if (!open || queuedBytes.addAndGet(size) > settings.maxQueuedBytes()) {
      queuedBytes.addAndGet(-size);
      dropped.increment();
      return false;
    }
    if (!queue.offer(new Item(captured, size))) {
      queuedBytes.addAndGet(-size);
      dropped.increment();
      return false;
    }
    accepted.increment();
    return true;
  }

  public Status status() {
    Path current = currentPath;
    return new Status(
        settings.dir(),
        accepted.sum(),
        written.sum(),
        dropped.sum(),
        failed.sum(),
        filesClosed.sum(),
        current == null ? null : current.getFileName().toString(),
        lastError);
  }

  public Settings settings() {
    return settings;
  }

  private record Item(CapturedExchange captured, long size) {}

  private static long estimate(CapturedExchange captured) {
    var exchange = captured.exchange();
    long size = 512 + exchange.request().body().bytes().length;
    if (exchange.legacy() != null) {
      size += exchange.legacy().body().bytes().length;
    }
    if (exchange.fresh() != null) {
      size += exchange.fresh().body().bytes().length;
    }
    return size;
  }

  private void run() {
    while (true) {
      Object next;
      try {
        next = queue.poll(250, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        // Only close() interrupts, after it has queued STOP; keep draining.
        continue;
      }
      if (next == STOP) {
        break;
      }
      if (next instanceof Item item) {
        queuedBytes.addAndGet(-item.size());
        write(item.captured());
      }
      if (queue.isEmpty()) {
        flush();
      }
      rotateWhenOld();
    }
    flush();
    closeFile();
  }

  private void write(CapturedExchange captured) {
    byte[] line;
    try {
      line =
          (CaptureFormat.write(
                      new CapturedExchange(
                          settings.redaction().apply(captured.exchange()),
                          captured.outcome(),
                          captured.differences()))
                  + "\n")
              .getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      failed.increment();
      report("a capture record could not be written as JSON: " + e);
      return;
    }
    try {
      if (out == null) {
        openFile();
      }
      out.write(line);
      pending++;
      fileBytes += line.length;
      if (fileBytes >= settings.maxFileBytes()) {
        flush();
        closeFile();
      }
    } catch (IOException | SecurityException e) {
      failed.add(pending + (out == null ? 1 : 0));
      pending = 0;
      report("capture write to " + describe(currentPath) + " failed: " + e);
      abandonFile();
    }
  }

  private void flush() {
    if (out == null) {
      return;
    }
    try {
      out.flush();
      written.add(pending);
      pending = 0;
      if (lastError != null) {
        lastError = null;
      }
    } catch (IOException e) {
      failed.add(pending);
      pending = 0;
      report("capture write to " + describe(currentPath) + " failed: " + e);
      abandonFile();
    }
  }

  private void rotateWhenOld() {
    if (out != null
        && Duration.between(fileOpened, clock.instant()).compareTo(settings.maxFileAge()) >= 0) {
      flush();
      closeFile();
    }
  }

  private void openFile() throws IOException {
    Files.createDirectories(settings.dir());
    Instant now = clock.instant();
    Path path;
    do {
      sequence++;
      path =
          settings
              .dir()
              .resolve(
                  String.format(
                      "capture-%s-%d-%04d.jsonl",
                      STAMP.format(now), ProcessHandle.current().pid(), sequence));
    } while (Files.exists(path) || Files.exists(GzipOnClose.gzipped(path)));
    out =
        new BufferedOutputStream(
            Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            64 * 1024);
    currentPath = path;
    fileOpened = now;
    fileBytes = 0;
  }

  private void closeFile() {
    if (out == null) {
      return;
    }
    Path path = currentPath;
    try {
      out.close();
    } catch (IOException e) {
      report("closing capture file " + describe(path) + " failed: " + e);
    }
    out = null;
    currentPath = null;
    filesClosed.increment();
    compressor.compress(path);
  }

  private void abandonFile() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException ignored) {
      // The file is already known to be broken; the report above says why.
    }
    out = null;
    currentPath = null;
  }

  static String describe(Path path) {
    return path == null ? "(no file)" : path.toAbsolutePath().toString();
  }

  private void report(String problem) {
    boolean fresh = !problem.equals(lastError);
    lastError = problem;
    if (fresh) {
      try {
        problems.accept(problem);
      } catch (RuntimeException ignored) {
        // A listener's failure must not stop the writer.
      }
    }
  }

  /**
   * Stops accepting, writes every accepted record, closes and compresses the last file. Waits up to
   * a minute.
   */
  @Override
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    try {
      queue.put(STOP);
      thread.join(TimeUnit.MINUTES.toMillis(1));
      if (!thread.isAlive()) {
        // A record offered just as the writer closed may sit behind STOP: write it too.
        for (Object left; (left = queue.poll()) != null; ) {
          if (left instanceof Item item) {
            write(item.captured());
          }
        }
        flush();
        closeFile();
      }
      compressor.finish(Duration.ofMinutes(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "CaptureWriter[" + settings.dir() + ", " + status() + "]";
  }
}
