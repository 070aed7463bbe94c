package dev.recon.cli;

import dev.recon.core.match.DryRun;
import dev.recon.core.match.ExternalLine;
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
    description =
        "Matching rule sets (two-sided reconciliation): check one, or try one on stored artifacts.",
    subcommands = {RulesCommand.CheckCommand.class, RulesCommand.TestCommand.class})
final class RulesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The rule set of {@code file}, or its problems printed to {@code err} (empty). */
  static java.util.Optional<RuleSet> load(Path file, PrintWriter err) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println(file + ": cannot read the rule set: " + CheckCommand.reason(e));
      err.flush();
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(RuleSetParser.parse(file.toString(), text));
    } catch (RuleSetException e) {
      e.errors().forEach(err::println);
      err.println(e.errors().size() + (e.errors().size() == 1 ? " error" : " errors"));
      err.flush();
      return java.util.Optional.empty();
    }
  }

  @Command(
      name = "test",
      description =
          "Dry run: what a rule set would do to the statement lines of FILE against the settling"
              + " lines of the stored artifacts, per rule, applying nothing.")
  static final class TestCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin HomeOption home;

    @CommandLine.Option(
        names = "--rules",
        required = true,
        paramLabel = "FILE",
        description = "The rule set (YAML).")
    Path rules;

    @CommandLine.Option(
        names = "--statement",
        paramLabel = "FILE",
        description =
            "Statement lines, JSON Lines (eventId, source, amount, currency, eventTime, reference);"
                + " default: the stored statement lines still open after the latest matching.")
    Path statement;

    @CommandLine.Option(
        names = "--from",
        paramLabel = "TIME",
        description = "Only statement lines at or after this event time.")
    java.time.Instant from;

    @CommandLine.Option(
        names = "--to",
        paramLabel = "TIME",
        description = "Only statement lines before this event time.")
    java.time.Instant to;

    @CommandLine.Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      java.util.Optional<RuleSet> rs = load(rules, err);
      if (rs.isEmpty()) {
        return Exit.USAGE;
      }
      java.util.List<String> text = java.util.List.of();
      if (statement != null) {
        try {
          text = Files.readAllLines(statement, StandardCharsets.UTF_8);
        } catch (IOException e) {
          err.println(statement + ": cannot read the statement: " + CheckCommand.reason(e));
          err.flush();
          return Exit.USAGE;
        }
      }
      String of = statement == null ? null : statement.toString();
      StatementLines.Parsed parsed;
      DryRun.Summary s;
      try (LocalSession session =
          LocalSession.openForReading(home.home(), "rules test").tenant(home.tenant())) {
        if (statement != null) {
          parsed =
              StatementLines.parse(
                  statement.toString(), text, rs.get(), session.settings().rules(), home.tenant());
        } else {
          // the stored lines still open: what a new rule set would do to today's breaks
          java.util.Optional<dev.recon.core.match.MatchBook.Latest> latest =
              new dev.recon.core.match.MatchBook(session.clients().objectStore()).latest();
          if (latest.isEmpty()) {
            err.println(
                "recon rules test: no statement line of tenant "
                    + home.tenant()
                    + " is stored yet (no batch has been matched): give --statement FILE");
            err.flush();
            return Exit.NOT_FOUND;
          }
          of =
              "the "
                  + latest.get().state().openExternal().size()
                  + " stored statement lines open after matched batch "
                  + latest.get().manifest().batch();
          parsed =
              new StatementLines.Parsed(
                  latest.get().state().openExternal().stream()
                      .map(dev.recon.core.match.MatchStep.OpenExternal::line)
                      .toList(),
                  java.util.List.of(),
                  0);
        }
        parsed.errors().forEach(err::println);
        java.util.List<ExternalLine> lines =
            parsed.lines().stream()
                .filter(l -> from == null || !l.eventTime().isBefore(from))
                .filter(l -> to == null || l.eventTime().isBefore(to))
                .toList();
        s = DryRun.run(rs.get(), lines, AllArtifacts.all(session.clients()));
      }
      if (json) {
        var m = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = m.createObjectNode();
        root.put("tenant", home.tenant().value());
        root.put("rulesVersion", rs.get().version());
        root.put("statement", of);
        root.put("statementLines", s.statementLines());
        root.put("notRead", parsed.errors().size());
        root.put("duplicates", parsed.duplicates());
        root.put("openSettlingLines", s.openSettlingLines());
        root.put("matched", s.matched());
        root.put("suggested", s.suggested());
        root.put("unmatched", s.unmatched());
        root.put("matchRate", s.matchRate());
        var perRule = root.putArray("rules");
        for (DryRun.RuleCounts c : s.rules()) {
          perRule
              .addObject()
              .put("rule", c.rule())
              .put("matched", c.matched())
              .put("suggested", c.suggested());
        }
        out.println(m.writeValueAsString(root));
      } else {
        out.printf(
            "rules version %d, tenant %s: %,d statement lines against %,d open settling lines"
                + " (nothing applied)%n",
            rs.get().version(), home.tenant().value(), s.statementLines(), s.openSettlingLines());
        out.printf("statement: %s%n", of);
        if (!parsed.errors().isEmpty() || parsed.duplicates() > 0) {
          out.printf(
              "left out: %,d lines not read (above), %,d duplicate eventIds%n",
              parsed.errors().size(), parsed.duplicates());
        }
        out.printf("%-32s %10s %10s%n", "rule", "matched", "suggested");
        for (DryRun.RuleCounts c : s.rules()) {
          out.printf("%-32s %,10d %,10d%n", c.rule(), c.matched(), c.suggested());
        }
        out.printf(
            "unmatched %,d; match rate %.1f %% (%,d of %,d matched)%n",
            s.unmatched(), 100 * s.matchRate(), s.matched(), s.statementLines());
      }
      out.flush();
      err.flush();
      return Exit.OK;
    }
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
      java.util.Optional<RuleSet> rs = load(file, spec.commandLine().getErr());
      if (rs.isEmpty()) {
        return Exit.USAGE;
      }
      out.println(
          "OK: version "
              + rs.get().version()
              + ", "
              + rs.get().rules().size()
              + (rs.get().rules().size() == 1 ? " rule" : " rules"));
      out.flush();
      return Exit.OK;
    }

    static String reason(IOException e) {
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
