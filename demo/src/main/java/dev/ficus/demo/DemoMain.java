package dev.ficus.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ficus demo}: exit code 0 when it ran, 1 when a part failed, 2 for bad options. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the migration demo: an autonomous-vehicle fleet platform leaving its monolith. Starts the"
          + " monolith stand-in, the legacy adapter, the new services and the Ficus gateway (trips in"
          + " canary for 30%% of users with reverse shadow, vehicles in shadow, users and billing on"
          + " legacy), drives traffic, and prints what the comparison found per route."
    })
public final class DemoMain implements Callable<Integer> {

  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The Ficus checkout (default: the current folder).")
  Path home;

  @Option(
      names = "--gateway-port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "Default ${DEFAULT-VALUE}.")
  int gatewayPort;

  @Option(
      names = "--adapter-port",
      paramLabel = "PORT",
      defaultValue = "8081",
      description = "The legacy adapter. Default ${DEFAULT-VALUE}.")
  int adapterPort;

  @Option(
      names = "--new-services-port",
      paramLabel = "PORT",
      defaultValue = "8082",
      description = "Default ${DEFAULT-VALUE}.")
  int newServicesPort;

  @Option(
      names = "--monolith-port",
      paramLabel = "PORT",
      defaultValue = "8090",
      description = "The monolith stand-in. Default ${DEFAULT-VALUE}.")
  int monolithPort;

  @Option(
      names = "--traffic",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description = "How long traffic is driven, e.g. 30s, 2m (default ${DEFAULT-VALUE}).")
  String traffic;

  @Option(
      names = "--rate",
      paramLabel = "R",
      defaultValue = "80",
      description = "Requests a second (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--users",
      paramLabel = "N",
      defaultValue = "300",
      description =
          "User ids sending requests (default ${DEFAULT-VALUE}; the first 100 are registered users).")
  int users;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description =
          "Stop after this long in all (e.g. 90s); without it the demo runs until Ctrl-C.")
  String duration;

  @Option(
      names = "--backends-only",
      description =
          "Start only the monolith stand-in, the legacy adapter and the new services (no gateway,"
              + " no traffic), for a gateway started apart: the quickstart's"
              + " (./ficus gateway --config examples/quickstart/ficus.yml) expects them on the"
              + " default ports.")
  boolean backendsOnly;

  @Option(
      names = "--admin-token",
      paramLabel = "TOKEN",
      defaultValue = "demo-admin-token",
      description = "The gateway's admin API token (default ${DEFAULT-VALUE}).")
  String adminToken;

  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new DemoMain());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (error, arguments) -> {
          err.println("ficus demo: " + error.getMessage());
          err.println("Run './ficus demo --help' for the options.");
          return 2;
        });
    return cli.execute(args);
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return run(spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  int run(PrintWriter out, PrintWriter err) {
    Duration trafficDuration;
    Duration total;
    try {
      trafficDuration = duration("--traffic", traffic);
      total = duration == null ? null : duration("--duration", duration);
      for (int port : new int[] {gatewayPort, adapterPort, newServicesPort, monolithPort}) {
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("ports must be between 1 and 65535, was " + port);
        }
      }
      if (!(rate > 0) || rate > 5000) {
        throw new IllegalArgumentException(
            "--rate: '" + rate + "' must be above 0 and at most 5000");
      }
      if (users < 1 || users > 10_000) {
        throw new IllegalArgumentException("--users: '" + users + "' must be between 1 and 10000");
      }
    } catch (IllegalArgumentException e) {
      err.println("ficus demo: " + e.getMessage());
      return 2;
    }
    Demo demo =
        new Demo(
            new Demo.Settings(
                home.toAbsolutePath().normalize(),
                gatewayPort,
                adapterPort,
                newServicesPort,
                monolithPort,
                trafficDuration,
                rate,
                users,
                total,
                adminToken,
                home.toAbsolutePath().normalize().resolve("demo/target/demo-run")),
            out);
    try {
      if (backendsOnly) {
        demo.runBackends();
      } else {
        demo.run();
      }
      out.println("Stopped every part of the demo.");
      return 0;
    } catch (DemoException e) {
      err.println("ficus demo: " + e.getMessage());
      err.println("Stopped every part of the demo that had started.");
      return e.getMessage().contains("is busy") || e.getMessage().startsWith("not built") ? 2 : 1;
    }
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m)");

  static Duration duration(String option, String value) {
    Matcher matcher = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          option + ": '" + value + "' is not a duration; write e.g. 45s or 2m");
    }
    long amount = Long.parseLong(matcher.group(1));
    return matcher.group(2).equals("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
  }
}
