package dev.ficus.replay.cli;

import picocli.CommandLine;

/**
 * {@code ./ficus replay ...}: exit code 0 when every route passes, 1 when one does not, 2 for bad
 * input.
 */
public final class ReplayMain {

  private ReplayMain() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI without exiting, for tests and embedding. */
  public static int execute(String... args) {
    return execute(
        new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs the CLI with its output and errors going to the given writers. */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new ReplayCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (error, arguments) -> {
          CommandLine command = error.getCommandLine();
          command.getErr().println("ficus replay: " + error.getMessage());
          command.getErr().println("Run './ficus replay --help' for the options.");
          return ReplayCommand.BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (error, command, parsed) -> {
          command.getErr().println("ficus replay: failed: " + error);
          return ReplayCommand.BAD_INPUT;
        });
    return cli.execute(args);
  }
}
