package dev.ficus.replay.cli;

import dev.ficus.compare.exchange.HeaderNames;
import dev.ficus.replay.config.ConfigException;
import dev.ficus.replay.config.ReplayConfig;
import dev.ficus.replay.engine.ReplayOptions;
import dev.ficus.replay.engine.ReplayResult;
import dev.ficus.replay.engine.Replayer;
import dev.ficus.replay.report.ConsoleSummary;
import dev.ficus.replay.report.NotReplayed;
import dev.ficus.replay.report.ReportFiles;
import dev.ficus.replay.source.ExchangeSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./ficus replay}: replays captured traffic against the new side and compares. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    version = "Ficus replay, capture schema ficus.capture/1",
    subcommands = {ExportHarCommand.class},
    sortOptions = false,
    description = {
      "Replays captured exchanges (and HAR files) against the new side and compares each answer"
          + " with legacy's: called live with --legacy, else the answer recorded in the capture.",
      "Exit code: 0 when every route is within --max-mismatch-rate over enough comparisons for a"
          + " verdict, 1 when one is not, 2 for bad input (a filter that matches nothing too)."
    })
final class ReplayCommand implements Callable<Integer> {

  static final int PASSED = 0;
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--capture",
      arity = "1..*",
      paramLabel = "PATH",
      description = "Capture files (.jsonl or .jsonl.gz) or folders of them.")
  List<Path> captures = new ArrayList<>();

  @Option(names = "--har", paramLabel = "FILE", description = "HAR 1.2 files to import.")
  List<Path> hars = new ArrayList<>();

  @Option(names = "--new", paramLabel = "URL", description = "Base URL of the new side.")
  String newUrl;

  @Option(
      names = "--legacy",
      paramLabel = "URL",
      description = "Base URL of legacy, called live; without it the recorded answers are used.")
  String legacyUrl;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The gateway's configuration file: routes' comparison rules and verdict.")
  Path config;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "16",
      description = "Requests in flight at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--rate", paramLabel = "R", description = "At most R requests per second.")
  Double rate;

  @Option(
      names = "--speed",
      paramLabel = "X",
      description = "Replay at X times the recorded pace (2 = twice as fast).")
  Double speed;

  @Option(names = "--route", paramLabel = "ID", description = "Only this route (repeatable).")
  List<String> routes = new ArrayList<>();

  @Option(names = "--method", paramLabel = "M", description = "Only this method (repeatable).")
  List<String> methods = new ArrayList<>();

  @Option(
      names = "--path",
      paramLabel = "GLOB",
      description = "Only paths matching GLOB (* within a segment, ** across segments).")
  String path;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "Replay at most N exchanges (0: all).")
  long limit;

  @Option(
      names = "--include-writes",
      description = "Replay writes too; by default only GET, HEAD and OPTIONS are sent.")
  boolean includeWrites;

  @Option(
      names = "--header",
      paramLabel = "'NAME: VALUE'",
      description = "Set this header on every replayed request (repeatable), e.g. a test token.")
  List<String> headers = new ArrayList<>();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = Durations.class,
      description = "Per call (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      defaultValue = "replay-report",
      description = "Where report.json and report.html go (default ${DEFAULT-VALUE}).")
  Path report;

  @Option(
      names = "--max-mismatch-rate",
      paramLabel = "F",
      description =
          "The verdict's mismatch-rate threshold (0 to 1), in place of the config's"
              + " ficus.verdict.max-mismatch-rate (default 0.01): a route passes when its verdict"
              + " is READY, that is when the upper bound of its mismatch rate is under it.")
  Double maxMismatchRate;

  @Option(
      names = "--allow-insufficient-data",
      description =
          "Pass a route with fewer comparisons than its verdict needs (ficus.verdict.min-comparisons);"
              + " by default it fails, as nothing was checked enough.")
  boolean allowInsufficientData;

  @Option(
      names = "--progress",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description = "auto (a bar on a terminal, lines otherwise), lines, or none.")
  String progress;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    List<String> problems = new ArrayList<>();
    if (captures.isEmpty() && hars.isEmpty()) {
      problems.add(
          "nothing to replay: give --capture PATH (a capture file or folder) or --har FILE");
    }
    URI newUri = url("--new", newUrl, true, problems);
    URI legacyUri = url("--legacy", legacyUrl, false, problems);
    if (concurrency < 1 || concurrency > 4096) {
      problems.add("--concurrency: '" + concurrency + "' must be between 1 and 4096");
    }
    if (rate != null && !(rate > 0)) {
      problems.add("--rate: '" + rate + "' must be more than 0 requests per second");
    }
    if (speed != null && !(speed > 0)) {
      problems.add("--speed: '" + speed + "' must be more than 0, e.g. 1 for the recorded pace");
    }
    if (rate != null && speed != null) {
      problems.add("--rate and --speed: give one of them, not both");
    }
    if (limit < 0) {
      problems.add("--limit: '" + limit + "' must be 0 (all) or more");
    }
    if (maxMismatchRate != null && !(maxMismatchRate >= 0 && maxMismatchRate <= 1)) {
      problems.add("--max-mismatch-rate: '" + maxMismatchRate + "' must be between 0 and 1");
    }
    if (!List.of("auto", "lines", "none").contains(progress)) {
      problems.add("--progress: '" + progress + "' must be auto, lines or none");
    }
    Map<String, String> extraHeaders = new LinkedHashMap<>();
    for (String header : headers) {
      int colon = header.indexOf(':');
      String name = colon < 1 ? "" : header.substring(0, colon).trim();
      if (!HeaderNames.isValid(name)) {
        problems.add("--header: '" + header + "' must be 'Name: value'");
      } else {
        extraHeaders.put(name.toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
      }
    }
    PathMatcher pathMatcher = null;
    if (path != null) {
      try {
        pathMatcher = FileSystems.getDefault().getPathMatcher("glob:" + path);
      } catch (IllegalArgumentException e) {
        problems.add("--path: '" + path + "' is not a glob: " + e.getMessage());
      }
    }
    Set<String> methodSet = new LinkedHashSet<>();
    methods.forEach(m -> methodSet.add(m.toUpperCase(Locale.ROOT)));
    ReplayConfig replayConfig = ReplayConfig.defaults();
    if (config != null) {
      try {
        replayConfig = ReplayConfig.read(config);
      } catch (ConfigException e) {
        problems.add("--config " + e.getMessage());
      }
    }
    ExchangeSource source = null;
    try {
      source = ExchangeSource.of(captures, hars);
      if (problems.isEmpty() && source.files().isEmpty()) {
        problems.add("no capture files (*.jsonl, *.jsonl.gz) in " + captures);
      }
    } catch (NoSuchFileException e) {
      problems.add(e.getFile() + ": " + (e.getReason() == null ? "does not exist" : e.getReason()));
    } catch (IOException e) {
      problems.add("cannot read the inputs: " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      return badInput(err, problems);
    }
    ReplayOptions options =
        new ReplayOptions(
            newUri,
            legacyUri,
            concurrency,
            rate,
            speed,
            Set.copyOf(routes),
            methodSet,
            pathMatcher,
            limit,
            includeWrites,
            timeout,
            extraHeaders,
            maxMismatchRate,
            allowInsufficientData);
    Replayer replayer = new Replayer(replayConfig, options);
    List<String> unreachable = replayer.unreachableTargets();
    if (!unreachable.isEmpty()) {
      unreachable.add("start it, or check the URL; nothing was replayed");
      return badInput(err, unreachable);
    }
    ReplayResult result;
    if (progress.equals("none")) {
      result = replayer.run(source);
    } else {
      boolean terminal = progress.equals("auto") && System.console() != null;
      try (Progress bar = new Progress(err, replayer::snapshot, source.captureLines(), terminal)) {
        result = replayer.run(source);
      }
    }
    List<String> unmatched = unmatchedFilters(result);
    if (!unmatched.isEmpty()) {
      return badInput(err, unmatched);
    }
    try {
      ReportFiles.write(result, report);
    } catch (IOException e) {
      err.println("ficus replay: cannot write the report into " + report + ": " + e.getMessage());
      ConsoleSummary.print(out, result);
      return BAD_INPUT;
    }
    ConsoleSummary.print(out, result);
    out.println(
        "Report: " + report.resolve("report.html") + " and " + report.resolve("report.json"));
    out.flush();
    return result.passed() ? PASSED : FAILED;
  }

  /** Each filter that matched nothing it could have: a typo, not a replay that checked nothing. */
  private List<String> unmatchedFilters(ReplayResult result) {
    List<String> problems = new ArrayList<>();
    String existing =
        result.readByRoute().isEmpty()
            ? "the inputs hold no exchanges"
            : "the inputs hold routes " + String.join(", ", result.readByRoute().keySet());
    for (String route : new LinkedHashSet<>(routes)) {
      if (!result.readByRoute().containsKey(route)) {
        problems.add(
            "--route "
                + route
                + ": no exchange of the "
                + result.read()
                + " read is of it; "
                + existing);
      }
    }
    if (problems.isEmpty() && result.replayed() == 0 && result.read() > 0) {
      List<String> given = new ArrayList<>();
      routes.forEach(route -> given.add("--route " + route));
      methods.forEach(method -> given.add("--method " + method));
      if (path != null) {
        given.add("--path " + path);
      }
      if (!includeWrites) {
        given.add("only safe methods (no --include-writes)");
      }
      problems.add(
          "the filters "
              + String.join(", ", given)
              + " left none of the "
              + result.read()
              + " exchanges read to replay (not replayed: "
              + NotReplayed.describe(result.filtered())
              + "); "
              + existing);
    }
    if (!problems.isEmpty()) {
      problems.add("nothing was judged, so no report was written");
    }
    return problems;
  }

  private static int badInput(PrintWriter err, List<String> problems) {
    err.println("ficus replay: cannot start:");
    problems.forEach(problem -> err.println("  " + problem));
    err.println("Run './ficus replay --help' for the options.");
    err.flush();
    return BAD_INPUT;
  }

  private static URI url(String option, String value, boolean required, List<String> problems) {
    if (value == null) {
      if (required) {
        problems.add(
            option + ": is missing; give the base URL, e.g. " + option + " http://127.0.0.1:8082");
      }
      return null;
    }
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null
          || uri.getRawQuery() != null) {
        throw new URISyntaxException(value, "not an http(s) base URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      problems.add(
          option + ": '" + value + "' is not an http(s) base URL, e.g. http://127.0.0.1:8082");
      return null;
    }
  }
}
