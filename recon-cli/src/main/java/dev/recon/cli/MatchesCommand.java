package dev.recon.cli;

import dev.recon.core.match.Breaks;
import dev.recon.core.match.Candidate;
import dev.recon.core.match.ExternalLine;
import dev.recon.core.match.MatchBook;
import dev.recon.core.match.MatchCodec;
import dev.recon.core.match.MatchResult;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recon matches} and {@code recon breaks} (DESIGN §9): what the matching stage decided, read
 * from {@code match/} of the tenant's store; nothing is computed again, so what they show is what
 * was applied.
 */
final class MatchesCommand {
  private MatchesCommand() {}

  enum Format {
    jsonl,
    csv
  }

  static final String MATCHES_CSV_HEADER =
      "eventId,source,status,artifactIds,settledEventIds,rule,score,amount,currency,eventTime,"
          + "reference,batch,candidates,actor,reason";

  static final String BREAKS_CSV_HEADER =
      "kind,eventId,artifactId,source,amount,currency,eventTime,ageDays,bucket,reason,candidates";

  /** Candidates for a CSV cell: each as its settled eventIds joined by ';', separated by '|'. */
  private static String candidates(List<Candidate> cs) {
    return cs.stream()
        .map(c -> String.join(";", c.settledEventIds()))
        .collect(Collectors.joining("|"));
  }

  @Command(
      name = "matches",
      description =
          "One line per statement line ever matched against: its latest decision (MATCHED,"
              + " SUGGESTED with candidates, UNMATCHED, MANUAL with actor and reason), the lines"
              + " it settled, rule, score, batch.")
  static final class Matches implements Callable<Integer> {
    @Mixin HomeOption home;

    @Option(
        names = "--format",
        defaultValue = "jsonl",
        description = "jsonl or csv (default ${DEFAULT-VALUE}).")
    Format format;

    @Mixin OutOption out;

    @Override
    public Integer call() throws IOException {
      try (LocalSession session =
              LocalSession.openForReading(home.home(), "matches").tenant(home.tenant());
          PrintStream w = out.open()) {
        Map<String, MatchCodec.Decided> latest =
            new MatchBook(session.clients().objectStore()).latestDecisions();
        if (format == Format.csv) {
          w.println(MATCHES_CSV_HEADER);
        }
        for (MatchCodec.Decided d : latest.values()) {
          if (format == Format.csv) {
            w.println(csvRow(d));
          } else {
            byte[] b = MatchCodec.encode(d);
            w.write(b, 0, b.length);
            w.println();
          }
        }
        w.flush();
      }
      return Exit.OK;
    }

    static String csvRow(MatchCodec.Decided d) {
      ExternalLine l = d.line();
      MatchResult r = d.result();
      return String.join(
          ",",
          ExportCommand.csv(l.eventId()),
          ExportCommand.csv(l.source()),
          r.status().name(),
          ExportCommand.csv(String.join(";", r.artifactIds())),
          ExportCommand.csv(String.join(";", r.settledEventIds())),
          ExportCommand.csv(r.rule() == null ? "" : r.rule()),
          r.score() == null ? "" : r.score().toPlainString(),
          l.amount().toPlainString(),
          l.currency(),
          l.eventTime().toString(),
          ExportCommand.csv(l.reference()),
          Long.toString(d.batch()),
          ExportCommand.csv(candidates(r.candidates())),
          ExportCommand.csv(d.manual() == null ? "" : d.manual().actor()),
          ExportCommand.csv(d.manual() == null ? "" : d.manual().reason()));
    }
  }

  @Command(
      name = "breaks",
      description =
          "Every open item as of a time: each statement line not matched yet and each settling"
              + " line unsettled past the rules' value-date window, with age, aging bucket and"
              + " reason; then the totals per bucket.")
  static final class BreaksList implements Callable<Integer> {
    @Mixin HomeOption home;

    @Option(
        names = "--as-of",
        paramLabel = "T",
        description =
            "Age the items at this instant (default: the asOf of the latest matched batch, so"
                + " the list does not change with the wall clock).")
    Instant asOf;

    @Option(names = "--json", description = "One JSON object per open item and line.")
    boolean json;

    @Option(names = "--format", description = "csv: one row per open item.")
    Format format;

    @Mixin OutOption out;

    @Override
    public Integer call() throws IOException {
      if (json && format != null) {
        throw new CliException(Exit.USAGE, "recon breaks: give --json or --format, not both");
      }
      try (LocalSession session =
              LocalSession.openForReading(home.home(), "breaks").tenant(home.tenant());
          PrintStream w = out.open()) {
        Optional<MatchBook.Latest> latest = new MatchBook(session.clients().objectStore()).latest();
        if (latest.isEmpty()) {
          System.err.println(
              "recon breaks: no batch of tenant "
                  + home.tenant()
                  + " has been matched yet (put a rule set in force: recon tenants set "
                  + home.tenant()
                  + " --rules FILE)");
          return Exit.OK;
        }
        MatchBook.Latest l = latest.get();
        Instant at = l.asOfOr(asOf);
        List<Breaks.Item> items = Breaks.of(l.state(), l.rules(), at);
        if (json) {
          for (Breaks.Item i : items) {
            w.println(dev.recon.cli.serve.BreaksJson.item(i).toString());
          }
        } else if (format == Format.csv) {
          w.println(BREAKS_CSV_HEADER);
          items.forEach(i -> w.println(csvRow(i)));
        } else if (format == Format.jsonl) {
          throw new CliException(Exit.USAGE, "recon breaks: --format csv, or --json");
        } else {
          text(w, items, l, at);
        }
        w.flush();
      }
      return Exit.OK;
    }

    static String csvRow(Breaks.Item i) {
      return String.join(
          ",",
          i.kind().name(),
          ExportCommand.csv(i.eventId()),
          ExportCommand.csv(i.artifactId() == null ? "" : i.artifactId()),
          ExportCommand.csv(i.source() == null ? "" : i.source()),
          i.amount().toPlainString(),
          i.currency(),
          i.eventTime().toString(),
          Long.toString(i.ageDays()),
          ExportCommand.csv(i.bucket()),
          i.reason(),
          ExportCommand.csv(candidates(i.candidates())));
    }

    private static void text(
        PrintStream w, List<Breaks.Item> items, MatchBook.Latest l, Instant at) {
      w.println(
          "open items as of "
              + at
              + " (matched through batch "
              + l.manifest().batch()
              + " with "
              + l.manifest().rules()
              + ")");
      for (Breaks.Item i : items) {
        w.printf(
            "%-8s  %-24s  %-20s  %12s %s  %-20s  %4d d  %-6s  %s%s%n",
            i.kind(),
            i.eventId(),
            i.artifactId() == null ? "" : i.artifactId(),
            i.amount().toPlainString(),
            i.currency(),
            i.eventTime(),
            i.ageDays(),
            i.bucket(),
            i.reason(),
            i.candidates().isEmpty() ? "" : "  candidates " + candidates(i.candidates()));
      }
      w.println(items.size() + " open item(s)");
      totals(w, items, l.rules().agingBuckets());
    }
  }

  /** The totals per kind, bucket and currency, one line each (breaks and report). */
  static void totals(
      PrintStream w, List<Breaks.Item> items, List<java.time.Duration> agingBuckets) {
    Map<Breaks.Kind, List<Breaks.Total>> totals = Breaks.totals(items, agingBuckets);
    for (Map.Entry<Breaks.Kind, List<Breaks.Total>> e : totals.entrySet()) {
      for (Breaks.Total t : e.getValue()) {
        w.printf(
            "  %-8s  %-6s  %s %14s  %d item(s)%n",
            e.getKey(), t.bucket(), t.currency(), t.amount().toPlainString(), t.items());
      }
    }
  }
}
