package dev.ficus.replay.report;

import dev.ficus.compare.analysis.RouteReport;
import dev.ficus.replay.engine.ReplayResult;
import java.io.PrintWriter;
import java.util.Locale;

/** The few lines a replay prints when it ends: counts, and per route pass or fail and why. */
public final class ConsoleSummary {

  /** How many unreadable lines are shown as {@code file:line: why}; the reports list more. */
  static final int BAD_LINES_SHOWN = 5;

  private ConsoleSummary() {}

  public static void print(PrintWriter out, ReplayResult result) {
    out.printf(
        Locale.ROOT,
        "Replayed %d of %d exchanges in %.1f s (%.0f/s), %s mode%s%n",
        result.replayed(),
        result.read(),
        result.took().toMillis() / 1000.0,
        result.throughput(),
        result.mode(),
        result.badLines() > 0 ? ", " + result.badLines() + " unreadable lines skipped" : "");
    result.badExamples().stream()
        .limit(BAD_LINES_SHOWN)
        .forEach(bad -> out.printf("  unreadable: %s%n", bad));
    if (result.badLines() > BAD_LINES_SHOWN) {
      out.printf(
          "  ... and %d more unreadable lines (the first %d are in the reports)%n",
          result.badLines() - BAD_LINES_SHOWN, result.badExamples().size());
    }
    if (!result.filtered().isEmpty()) {
      out.printf("  not replayed: %s%n", NotReplayed.describe(result.filtered()));
    }
    for (ReplayResult.RouteResult route : result.routes()) {
      RouteReport report = route.report();
      out.printf(
          Locale.ROOT,
          "%-5s %-16s compared %6d  mismatch rate %6.2f%%  skipped %d  verdict %s%n",
          route.passed() ? "PASS" : "FAIL",
          report.route(),
          report.compared(),
          report.mismatchRate() * 100,
          report.outcomes().getOrDefault("skipped", 0L),
          report.verdict().status().name().toLowerCase(Locale.ROOT));
      String reasons = String.join("; ", report.verdict().reasons());
      switch (report.verdict().status()) {
        case READY -> {}
        case NOT_READY -> out.printf("      not ready: %s%n", reasons);
        case INSUFFICIENT_DATA ->
            out.printf(
                "      not enough evidence yet: %s; %s%n",
                reasons,
                route.passed()
                    ? "passed only because of --allow-insufficient-data"
                    : "so it does not pass (--allow-insufficient-data lets it)");
      }
      report.topDifferences().stream()
          .limit(5)
          .forEach(
              difference ->
                  out.printf(
                      "      %s %s x%d%n",
                      difference.kind(), difference.path(), difference.count()));
    }
  }
}
