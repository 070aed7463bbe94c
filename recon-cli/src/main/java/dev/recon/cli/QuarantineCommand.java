package dev.recon.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.cli.quarantine.QuarantineBook;
import dev.recon.cli.quarantine.Redrive;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.quarantine.DisplayText;
import dev.recon.runtime.LocalLambda;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code recon quarantine list|export|redrive}: the quarantined lines of the stateless batches,
 * their raw bytes ready to fix, and the fixed lines landed again as a redrive input (README,
 * "Quarantine"). The stores come from the command's {@link LocalSession}, as for every command.
 */
@Command(
    name = "quarantine",
    description =
        "The quarantined lines: list them, export their raw text to fix, redrive the fixed file.",
    subcommands = {
      QuarantineCommand.ListCommand.class,
      QuarantineCommand.ExportCommand.class,
      QuarantineCommand.RedriveCommand.class,
    })
final class QuarantineCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  private static QuarantineBook book(LocalSession session) {
    return new QuarantineBook(session.clients().objectStore(), session.clients().batchLedger());
  }

  /** The batch's record; exit 3 when there is none, 2 when it has not succeeded. */
  private static LedgerRecord succeeded(QuarantineBook book, long s, String command) {
    if (s < 1) {
      throw new CliException(
          Exit.USAGE,
          "recon quarantine " + command + ": " + s + " is not a stateless batch number (1, 2, …)");
    }
    LedgerRecord r =
        book.batch(s)
            .orElseThrow(
                () ->
                    new CliException(
                        Exit.NOT_FOUND,
                        "recon quarantine "
                            + command
                            + ": no stateless batch "
                            + s
                            + ": `recon status` lists the batches"));
    if (r.status() != BatchStatus.SUCCESS) {
      throw new CliException(
          Exit.USAGE,
          "recon quarantine "
              + command
              + ": stateless batch "
              + s
              + " is "
              + r.status()
              + ": its quarantine is final only once it succeeded");
    }
    return r;
  }

  @Command(
      name = "list",
      description =
          "Each quarantined line: batch#position, input object:line, reason, detail, raw text"
              + " (control characters escaped), and its redrives; without --batch also the"
              + " conflicting duplicates of stateful batches (state-N#position).")
  static final class ListCommand implements Callable<Integer> {
    @Mixin HomeOption home;

    @Option(names = "--batch", paramLabel = "S", description = "Only stateless batch S.")
    Long batch;

    @Option(
        names = "--reason",
        paramLabel = "R",
        description = "Only this reason: ${COMPLETION-CANDIDATES}.")
    QuarantineReason reason;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call() {
      PrintStream out =
          new PrintStream(
              new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
      try (LocalSession session =
          LocalSession.openForReading(home.home(), "quarantine list").tenant(home.tenant())) {
        QuarantineBook book = book(session);
        List<Long> batches;
        if (batch != null) {
          succeeded(book, batch, "list");
          batches = List.of(batch);
        } else {
          batches = book.batchesWithQuarantine();
        }
        ObjectMapper mapper = safeJson();
        long[] n = {0};
        java.util.function.Consumer<QuarantineBook.Entry> print =
            e -> {
              if (json) {
                try {
                  out.println(mapper.writeValueAsString(toJson(mapper, e)));
                } catch (IOException io) {
                  throw new UncheckedIOException(io);
                }
              } else {
                out.print(text(e));
              }
            };
        for (long s : batches) {
          n[0] += book.forEach(s, reason, print);
        }
        if (batch == null) {
          for (long s : book.statefulBatchesWithQuarantine()) {
            n[0] += book.forEachStateful(s, reason, print);
          }
        }
        if (!json) {
          out.println(
              n[0]
                  + " quarantined line(s)"
                  + (batch != null ? " in stateless batch " + batch : "")
                  + (reason != null ? " with reason " + reason : ""));
        }
      } finally {
        out.flush();
      }
      return Exit.OK;
    }

    static String text(QuarantineBook.Entry e) {
      QuarantineRecord q = e.record();
      StringBuilder b = new StringBuilder();
      b.append(e.kind() == BatchKind.STATEFUL ? "state-" : "")
          .append(e.batch())
          .append('#')
          .append(e.position())
          .append("  ")
          .append(DisplayText.escape(q.inputObject()))
          .append(':')
          .append(q.lineNumber())
          .append("  ")
          .append(q.reason())
          .append("  ")
          .append(DisplayText.escape(q.detail()))
          .append('\n');
      b.append("    raw: ").append(DisplayText.escape(q.rawText()));
      long shown = q.rawText().getBytes(StandardCharsets.UTF_8).length;
      if (q.rawLength() > shown && q.reason() != QuarantineReason.MALFORMED_UTF8) {
        b.append(" … (").append(q.rawLength()).append(" bytes in all)");
      }
      b.append('\n');
      if (e.replaces() != null) {
        b.append("    redrive of ")
            .append(e.replaces().batch())
            .append('#')
            .append(e.replaces().position())
            .append('\n');
      }
      for (QuarantineBook.RedrivenBy r : e.redrivenBy()) {
        b.append("    redriven by ")
            .append(DisplayText.escape(r.input()))
            .append(':')
            .append(r.line())
            .append(r.registered() ? "" : " (not registered yet)")
            .append('\n');
      }
      return b.toString();
    }

    static ObjectNode toJson(ObjectMapper m, QuarantineBook.Entry e) {
      QuarantineRecord q = e.record();
      ObjectNode o = m.createObjectNode();
      o.put("kind", e.kind().name());
      o.put("batch", e.batch());
      o.put("position", e.position());
      o.put("inputObject", q.inputObject());
      o.put("line", q.lineNumber());
      o.put("reason", q.reason().name());
      o.put("detail", q.detail());
      o.put("rawLength", q.rawLength());
      o.put("raw", q.rawText());
      o.put("complete", QuarantineBook.wholeInRecord(q));
      ArrayNode by = o.putArray("redrivenBy");
      for (QuarantineBook.RedrivenBy r : e.redrivenBy()) {
        by.addObject()
            .put("input", r.input())
            .put("line", r.line())
            .put("registered", r.registered());
      }
      if (e.replaces() != null) {
        o.putObject("redriveOf")
            .put("batch", e.replaces().batch())
            .put("position", e.replaces().position());
      }
      return o;
    }
  }

  @Command(
      name = "export",
      description =
          "Write the raw lines of stateless batch S's quarantine, exactly as they were, one per"
              + " line, to FILE: fix them in place, then `recon quarantine redrive FILE --of S`.")
  static final class ExportCommand implements Callable<Integer> {
    @Mixin HomeOption home;

    @Option(names = "--batch", required = true, paramLabel = "S")
    long batch;

    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path out;

    @Override
    public Integer call() throws IOException {
      try (LocalSession session =
          LocalSession.openForReading(home.home(), "quarantine export").tenant(home.tenant())) {
        QuarantineBook book = book(session);
        succeeded(book, batch, "export");
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".recon-export", ".tmp");
        long n = 0;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
          Iterator<byte[]> lines =
              book.rawLines(batch, w -> System.err.println("recon quarantine export: " + w));
          while (lines.hasNext()) {
            o.write(lines.next());
            o.write('\n');
            n++;
          }
        } catch (IOException | RuntimeException e) {
          Files.deleteIfExists(tmp);
          throw e;
        }
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(
            "exported %d quarantined line(s) of stateless batch %d to %s%n"
                + "fix them in place (keep one line per line; blank a line to leave it out), then:"
                + " recon quarantine redrive %s --of %d%n",
            n, batch, out, out, batch);
      }
      return Exit.OK;
    }
  }

  @Command(
      name = "redrive",
      description =
          "Land the fixed lines of FILE (line i replaces the i-th quarantined line of S; blank"
              + " lines are left out) as a new input batch that records what it replaces; then"
              + " `recon run`.")
  static final class RedriveCommand implements Callable<Integer> {
    @Mixin HomeOption home;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--of", required = true, paramLabel = "S")
    long of;

    @Option(
        names = "--window-start",
        paramLabel = "TIME",
        description = "The redrive batch's window start (default: as for `recon ingest`).")
    Instant windowStart;

    @Option(
        names = "--window-end",
        paramLabel = "TIME",
        description = "The redrive batch's window end (default: now, as for `recon ingest`).")
    Instant windowEnd;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(file)) {
        System.err.println("recon quarantine redrive: no such file: " + file);
        return Exit.USAGE;
      }
      Instant end = windowEnd != null ? windowEnd : Instant.now().truncatedTo(ChronoUnit.MILLIS);
      Instant start = windowStart != null ? windowStart : end.truncatedTo(ChronoUnit.HOURS);
      if (windowStart == null && start.equals(end)) {
        start = end.minus(1, ChronoUnit.HOURS);
      }
      if (!start.isBefore(end)) {
        System.err.println(
            "recon quarantine redrive: the window [--window-start, --window-end) is empty");
        return Exit.USAGE;
      }
      try (LocalSession session =
          LocalSession.openExisting(home.home(), "quarantine redrive").tenant(home.tenant())) {
        QuarantineBook book = book(session);
        succeeded(book, of, "redrive");
        Redrive.Plan plan;
        try {
          plan = Redrive.plan(of, file, book.rawLines(of, w -> {}), start, end);
        } catch (Redrive.MismatchException e) {
          System.err.println("recon quarantine redrive: " + e.getMessage());
          return Exit.USAGE;
        }
        if (plan.parts().isEmpty()) {
          System.err.println(
              "recon quarantine redrive: every line of " + file + " is blank: nothing to redrive");
          return Exit.USAGE;
        }
        var store = session.clients().objectStore();
        ObjectMapper m = new ObjectMapper();
        ObjectNode request = m.createObjectNode().put("action", "register");
        ArrayNode keys = request.putArray("keys");
        for (Redrive.Part p : plan.parts()) {
          if (store.head(p.key()).isEmpty()) {
            store.put(p.key(), p.bytes(), p.metadata());
          }
          keys.add(p.key());
        }
        JsonNode answer = LocalLambda.backlog(session.clients()).call(request);
        JsonNode rejected = answer.path("rejected");
        if (rejected.isArray() && rejected.size() > 0) {
          throw new CliException(
              Exit.FAILED,
              "recon quarantine redrive: the backlog manager refused "
                  + rejected.get(0).path("key").asText()
                  + ": "
                  + rejected.get(0).path("reason").asText());
        }
        for (Redrive.Part p : plan.parts()) {
          boolean again = contains(answer.path("alreadyRegistered"), p.key());
          System.out.printf(
              "%s: %d line(s) of stateless batch %d's quarantine (positions %s)%s%n",
              p.key(),
              p.of().lines().size(),
              of,
              p.of().lines(),
              again ? " — already redriven: the same fix, nothing new landed" : "");
        }
        System.out.printf(
            "redrive of stateless batch %d: %d line(s) landed, %d blank left out%s; now `recon run`%n",
            of,
            plan.kept(),
            plan.blank(),
            plan.unchanged() > 0
                ? ", "
                    + plan.unchanged()
                    + " unchanged from the quarantined text (they will most likely be quarantined"
                    + " again)"
                : "");
      }
      return Exit.OK;
    }

    private static boolean contains(JsonNode array, String key) {
      for (JsonNode k : array) {
        if (k.asText().equals(key)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * JSON whose strings never carry a raw control or format character: Jackson escapes C0 itself;
   * DEL, C1, format characters and separators are written as {@code \\uXXXX} too ({@link
   * DisplayText}), so {@code --json} is as safe on a terminal as the text form.
   */
  static ObjectMapper safeJson() {
    ObjectMapper m = new ObjectMapper();
    m.getFactory().setCharacterEscapes(new SafeEscapes());
    return m;
  }

  static final class SafeEscapes extends CharacterEscapes {
    private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

    SafeEscapes() {
      ascii[0x7f] = CharacterEscapes.ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch == 0x7f || (ch <= 0xFFFF && DisplayText.unsafe((char) ch))) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
