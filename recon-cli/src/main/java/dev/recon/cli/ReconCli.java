package dev.recon.cli;

import dev.recon.core.error.StackAlreadyRunningException;
import dev.recon.local.StackStartException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code recon} command line. */
@Command(
    name = "recon",
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
      CancelCommand.class,
      CompleteCommand.class,
      ServeCommand.class,
      ReplayCommand.class,
      BenchCommand.class,
    })
public final class ReconCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ReconCli());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      String name = cmd.getCommandName();
      if (e instanceof StackAlreadyRunningException || e instanceof StackStartException) {
        cmd.getErr().println("recon " + name + ": the local stack cannot start: " + e.getMessage());
      } else {
        cmd.getErr().println("recon " + name + ": " + e);
      }
      return Exit.FAILED;
    });
    return cl;
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    // DynamoDB Local and Spark leave non-daemon threads behind: exit explicitly.
    System.exit(code);
  }
}
