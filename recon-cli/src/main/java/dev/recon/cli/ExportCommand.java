package dev.recon.cli;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.model.ReconciliationArtifact;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "export",
    description =
        "Every current artifact, as JSON Lines (the artifact JSON) or CSV (one row per artifact and currency).")
final class ExportCommand implements Callable<Integer> {
  enum Format {
    jsonl,
    csv
  }

  @Mixin HomeOption home;

  @Option(
      names = "--format",
      defaultValue = "jsonl",
      description = "jsonl or csv (default ${DEFAULT-VALUE}).")
  Format format;

  @Mixin OutOption out;

  static final String CSV_HEADER =
      "artifactId,version,asOf,status,currency,debits,credits,balance,lineCount,firstEventTime,lastEventTime";

  @Override
  public Integer call() throws IOException {
    try (LocalSession session =
            LocalSession.openForReading(home.home(), "export").tenant(home.tenant());
        PrintStream w = out.open()) {
      if (format == Format.csv) {
        w.println(CSV_HEADER);
        for (ReconciliationArtifact a : AllArtifacts.all(session.clients())) {
          writeCsv(w, a);
        }
      } else {
        for (ReconciliationArtifact a : AllArtifacts.all(session.clients())) {
          byte[] b = CanonicalJson.encode(a);
          w.write(b, 0, b.length);
          w.println();
        }
      }
      w.flush();
    }
    return Exit.OK;
  }

  static void writeCsv(PrintStream w, ReconciliationArtifact a) {
    TreeSet<String> currencies = new TreeSet<>(a.balances().keySet());
    for (String c : currencies) {
      w.println(
          String.join(
              ",",
              csv(a.artifactId()),
              Long.toString(a.version()),
              a.asOf().toString(),
              a.status().name(),
              c,
              a.debits().getOrDefault(c, BigDecimal.ZERO).toPlainString(),
              a.credits().getOrDefault(c, BigDecimal.ZERO).toPlainString(),
              a.balances().get(c).toPlainString(),
              Long.toString(a.lineCount()),
              String.valueOf(a.firstEventTime()),
              String.valueOf(a.lastEventTime())));
    }
  }

  /** RFC 4180 quoting, and a leading quote on values a spreadsheet would run as a formula. */
  static String csv(String v) {
    String s = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** Standard output stays open after the export. */
  static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
