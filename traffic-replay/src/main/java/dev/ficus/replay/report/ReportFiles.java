package dev.ficus.replay.report;

import dev.ficus.replay.engine.ReplayResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code report.json} and {@code report.html} into a folder. */
public final class ReportFiles {

  private ReportFiles() {}

  public static void write(ReplayResult result, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.json"), JsonReport.render(result));
    Files.writeString(dir.resolve("report.html"), HtmlReport.render(result));
  }
}
