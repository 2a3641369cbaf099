package io.flashguard.jobs.cli;

import io.flashguard.core.BadInputException;
import io.flashguard.core.NothingToDoException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flashguard} command line. Exit codes (docs/operations.md): 0 success, 2 bad usage or bad input,
 * 3 nothing to work on (no warehouse, no rows for the days), 1 any other failure, always with a
 * one-line cause on stderr.
 */
@Command(name = "flashguard", mixinStandardHelpOptions = true, versionProvider = Versions.class,
    description = "Route quality and fraud detection for flash-call verification, on Apache Spark.",
    subcommands = {DemoCommand.class, RunCommand.class, SimulateCommand.class, IngestCommand.class,
        MetricsCommand.class, TrainCommand.class, PromoteCommand.class, ScoreCommand.class, EvaluateCommand.class, ReportCommand.class,
        ExportCommand.class, HistoryCommand.class, MaintainCommand.class})
public final class FlashguardCommand implements Runnable {
  static final int FAILURE = 1;
  static final int BAD_INPUT = 2;
  static final int NOTHING_TO_DO = 3;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command; see --help");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code; never calls System.exit. */
  public static int execute(String... args) {
    CommandLine commandLine = new CommandLine(new FlashguardCommand());
    commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
      PrintWriter err = line.getErr();
      int code = exitCode(exception);
      err.println("flashguard: " + oneLine(exception));
      if (code == FAILURE && System.getenv("FLASHGUARD_DEBUG") != null) {
        exception.printStackTrace(err);
      }
      err.flush();
      return code;
    });
    return commandLine.execute(args);
  }

  /**
   * 2 for bad usage or input ({@link BadInputException} and its kinds), 3 for nothing to work on
   * ({@link NothingToDoException}), 1 for anything else.
   */
  static int exitCode(Exception exception) {
    if (exception instanceof NothingToDoException) {
      return NOTHING_TO_DO;
    }
    return exception instanceof BadInputException ? BAD_INPUT : FAILURE;
  }

  private static String oneLine(Throwable exception) {
    Throwable root = exception;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
