package dev.recon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "ingest",
    description =
        "Land each JSON Lines file (.jsonl, .jsonl.gz; folders are walked) as one input batch. Bad lines are reported with their numbers.")
final class IngestCommand implements Callable<Integer> {
  static final int PROBLEMS_SHOWN = 20;

  @Mixin HomeOption home;

  @Option(
      names = "--window-start",
      paramLabel = "TIME",
      description =
          "The batch window's start (default: the start of the hour of --window-end, or an hour before it when that is the same instant).")
  Instant windowStart;

  @Option(
      names = "--window-end",
      paramLabel = "TIME",
      description = "The batch window's end, the asOf of its artifacts (default: now).")
  Instant windowEnd;

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR")
  List<Path> paths;

  @Override
  public Integer call() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
            if (f.toString().matches(".*\\.jsonl?(\\.gz)?$")) {
              files.add(f);
            } else {
              System.err.println("recon ingest: skipped " + f + ": not .jsonl or .jsonl.gz");
            }
          }
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        System.err.println("recon ingest: no such file: " + p);
        return Exit.USAGE;
      }
    }
    if (files.isEmpty()) {
      System.err.println(
          "recon ingest: nothing to ingest: no .jsonl or .jsonl.gz files in " + paths);
      return Exit.USAGE;
    }
    Instant end = windowEnd != null ? windowEnd : Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant start = windowStart != null ? windowStart : end.truncatedTo(ChronoUnit.HOURS);
    if (windowStart == null && start.equals(end)) {
      start = end.minus(1, ChronoUnit.HOURS);
    }
    if (!start.isBefore(end)) {
      System.err.println("recon ingest: the window [--window-start, --window-end) is empty");
      return Exit.USAGE;
    }
    int exit = Exit.OK;
    try (LocalSession session = LocalSession.open(home.home(), "ingest").tenant(home.tenant());
        ProgressBar bar = Progress.bar("ingest", files.size())) {
      Ingester ingester = new Ingester(session.clients());
      for (Path f : files) {
        Ingester.Result r = ingester.ingest(f, start, end);
        bar.step();
        if (r.unreadable()) {
          System.err.printf("%s: not landed: unreadable (%s)%n", f, r.error());
          exit = Exit.FAILED;
          continue;
        }
        if (r.error() != null) {
          System.err.printf("%s: landed as %s but not registered: %s%n", f, r.key(), r.error());
          exit = Exit.FAILED;
          continue;
        }
        System.out.printf(
            "%s: %d lines, %d bad -> %s%n", f, r.lines(), r.problems().size(), r.key());
        r.problems().stream()
            .limit(PROBLEMS_SHOWN)
            .forEach(
                q ->
                    System.out.printf(
                        "  %s:%d: %s %s%n", f, q.lineNumber(), q.reason(), q.detail()));
        if (r.problems().size() > PROBLEMS_SHOWN) {
          System.out.printf(
              "  ... and %d more (all are quarantined with reasons when the batch runs)%n",
              r.problems().size() - PROBLEMS_SHOWN);
        }
      }
    }
    return exit;
  }
}
