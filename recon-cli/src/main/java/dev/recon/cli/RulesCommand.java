package dev.recon.cli;

import dev.recon.core.match.RuleSet;
import dev.recon.core.match.RuleSetException;
import dev.recon.core.match.RuleSetParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code recon rules check FILE}: validates a matching rule set (DESIGN §9) without starting
 * anything. Every problem is printed as {@code file:line: field: message}.
 */
@Command(
    name = "rules",
    description = "Matching rule sets (two-sided reconciliation): check one.",
    subcommands = {RulesCommand.CheckCommand.class})
final class RulesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "check",
      description =
          "Validate a rule set file: prints `OK: version N, K rules`, or every error as"
              + " file:line: field: message (exit 2).")
  static final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The rule set (YAML).")
    Path file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println(file + ": cannot read the rule set: " + reason(e));
        err.flush();
        return Exit.USAGE;
      }
      try {
        RuleSet rs = RuleSetParser.parse(file.toString(), text);
        out.println(
            "OK: version "
                + rs.version()
                + ", "
                + rs.rules().size()
                + (rs.rules().size() == 1 ? " rule" : " rules"));
        out.flush();
        return Exit.OK;
      } catch (RuleSetException e) {
        e.errors().forEach(err::println);
        err.println(e.errors().size() + (e.errors().size() == 1 ? " error" : " errors"));
        err.flush();
        return Exit.USAGE;
      }
    }

    private static String reason(IOException e) {
      if (e instanceof java.nio.file.NoSuchFileException) {
        return "no such file";
      }
      if (e instanceof java.nio.file.AccessDeniedException) {
        return "permission denied";
      }
      if (e instanceof java.nio.charset.MalformedInputException) {
        return "not UTF-8 text";
      }
      return e.getMessage() == null ? "I/O error" : e.getMessage();
    }
  }
}
