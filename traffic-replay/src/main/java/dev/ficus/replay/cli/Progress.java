package dev.ficus.replay.cli;

import dev.ficus.replay.engine.Replayer;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Shows how a replay is going on stderr: a bar redrawn in place on a terminal, a plain line every
 * few seconds otherwise (CI logs).
 */
final class Progress implements AutoCloseable {

  private final PrintWriter out;
  private final Supplier<Replayer.Snapshot> snapshot;
  private final long total;
  private final boolean terminal;
  private final long started = System.nanoTime();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param total exchanges expected at most (lines read ahead), 0 when unknown
   */
  Progress(PrintWriter out, Supplier<Replayer.Snapshot> snapshot, long total, boolean terminal) {
    this.out = out;
    this.snapshot = snapshot;
    this.total = total;
    this.terminal = terminal;
    this.thread = new Thread(this::run, "ficus-replay-progress");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long interval = terminal ? 200 : 5_000;
    while (running) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      if (running) {
        print(false);
      }
    }
  }

  private synchronized void print(boolean last) {
    Replayer.Snapshot now = snapshot.get();
    double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
    double rate = now.done() / seconds;
    long expected = Math.max(total, now.read());
    double share = expected == 0 ? 1 : Math.min(1, now.read() / (double) expected);
    String eta =
        rate <= 0 || last ? "-" : clock((long) ((expected - now.read()) / Math.max(rate, 1e-3)));
    String figures =
        String.format(
            Locale.ROOT,
            "%d/%d replayed  %.0f/s  ETA %s  mismatches %d  errors %d",
            now.done(),
            now.started(),
            rate,
            eta,
            now.mismatches(),
            now.failures());
    if (terminal) {
      int width = 30;
      int filled = (int) Math.round(share * width);
      out.print(
          "\r["
              + "#".repeat(filled)
              + ".".repeat(width - filled)
              + "] "
              + String.format(Locale.ROOT, "%3.0f%% ", share * 100)
              + figures
              + "   ");
      if (last) {
        out.println();
      }
    } else {
      out.println("replay: " + figures);
    }
    out.flush();
  }

  private static String clock(long seconds) {
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    print(true);
  }
}
