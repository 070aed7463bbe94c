package dev.recon.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The {@code recon} command line. */
@Command(
    name = "recon",
    // Inherited: every command and subcommand takes -h/--help (and -V/--version).
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    version = "recon 0.1.0",
    description = "Financial reconciliation in time-bounded batches: one artifact per key.",
    subcommands = {
      DemoCommand.class,
      IngestCommand.class,
      RunCommand.class,
      GetCommand.class,
      HistoryCommand.class,
      ExportCommand.class,
      ReportCommand.class,
      StatusCommand.class,
      CostCommand.class,
      CancelCommand.class,
      CompleteCommand.class,
      ServeCommand.class,
      ReplayCommand.class,
      QuarantineCommand.class,
      TenantsCommand.class,
      RulesCommand.class,
      MatchesCommand.Matches.class,
      MatchesCommand.BreaksList.class,
      ManualCommand.Match.class,
      ManualCommand.Confirm.class,
      ManualCommand.Unmatch.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class ReconCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * The command line with its converters and its two exception handlers: failures become one
   * sentence and an exit code ({@link Failures}), bad usage a sentence, a pointer to --help and
   * exit 2.
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ReconCli());
    cl.registerConverter(Instant.class, new TimeConverters.InstantConverter());
    cl.registerConverter(Duration.class, new TimeConverters.DurationConverter());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> Failures.handle(e, cmd));
    cl.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine cmd = e.getCommandLine();
          PrintWriter err = cmd.getErr();
          err.println(
              (cmd.getParent() == null ? "recon: " : "recon " + cmd.getCommandName() + ": ")
                  + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
          err.println("see `" + cmd.getCommandSpec().qualifiedName() + " --help`");
          err.flush();
          return Exit.USAGE;
        });
    return cl;
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    // DynamoDB Local and Spark leave non-daemon threads behind: exit explicitly.
    System.exit(code);
  }
}
