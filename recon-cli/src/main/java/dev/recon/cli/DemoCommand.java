package dev.recon.cli;

import dev.recon.core.contract.CountNames;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.local.LocalHomes;
import dev.recon.runtime.LocalPipeline;
import dev.recon.spark.ReconSpark;
import dev.recon.stepfunctions.Sleeper;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The "run it" command: a fresh embedded stack, realistic generated events in several hourly
 * batches, the real workflows cycle by cycle, then a summary and a few lookups — with every
 * artifact checked against the generator's own sums.
 */
@Command(
    name = "demo",
    description = "Run the demo on the embedded stack (its --home is wiped first).")
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = ".recon/demo",
      description = "Demo state directory, wiped at start (default: ${DEFAULT-VALUE}).")
  Path home;

  @Option(
      names = "--orders",
      defaultValue = "2000",
      description = "Orders to generate (default ${DEFAULT-VALUE}).")
  int orders;

  @Option(
      names = "--hot-lines",
      defaultValue = "20000",
      description = "Lines of the hot key (default ${DEFAULT-VALUE}).")
  int hotLines;

  @Option(
      names = "--batches",
      defaultValue = "4",
      description = "Hourly input batches (default ${DEFAULT-VALUE}).")
  int batches;

  @Option(names = "--seed", defaultValue = "2026")
  long seed;

  @Override
  public Integer call() throws IOException {
    long t0 = System.nanoTime();
    Path dir = home.toAbsolutePath().normalize();
    LocalHomes.wipe(dir);
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(batches));
    DemoData data = new DemoData(seed, start, batches, orders, hotLines);
    Path files = Files.createDirectories(dir.resolve("generated"));
    System.out.printf(
        "demo: %d events for %d keys (+%d re-sent, %d bad lines) in %d hourly batches from %s%n",
        data.events, data.expected.size(), data.resent, data.bad, batches, start);
    try (LocalSession session = LocalSession.open(dir.resolve("stack"), "demo")) {
      Ingester ingester = new Ingester(session.clients());
      LocalPipeline pipeline =
          new LocalPipeline(
              session.clients(), ReconSpark.session("recon-demo"), Sleeper.none(), line -> {});
      try (ProgressBar bar = Progress.bar("cycles", batches)) {
        for (int b = 0; b < batches; b++) {
          Path f = write(files, b, data.lines.get(b));
          Ingester.Result r = ingester.ingest(f, data.windowStart(b), data.windowEnd(b));
          if (r.error() != null) {
            System.err.println("demo: batch " + b + " not registered: " + r.error());
            return Exit.FAILED;
          }
          LocalPipeline.Summary s = pipeline.runUntilIdle();
          if (!s.ok()) {
            System.err.println(
                "demo: cycle "
                    + b
                    + " failed: "
                    + s.failures().get(0).error()
                    + " "
                    + s.failures().get(0).cause());
            return Exit.FAILED;
          }
          bar.step();
        }
      }
      return report(session, data, (System.nanoTime() - t0) / 1e9);
    }
  }

  private static int report(LocalSession session, DemoData data, double seconds) {
    List<ReconciliationArtifact> artifacts = AllArtifacts.all(session.clients());
    long read = 0;
    long accepted = 0;
    long duplicates = 0;
    long quarantined = 0;
    for (LedgerRecord r : session.clients().batchLedger().list(BatchKind.STATELESS)) {
      read += r.count(CountNames.READ);
      accepted += r.count(CountNames.ACCEPTED);
      duplicates += r.count(CountNames.DUPLICATES);
      quarantined += r.count(CountNames.QUARANTINED);
    }
    long applied = 0;
    long historyDuplicates = 0;
    long conflicting = 0;
    for (LedgerRecord r : session.clients().batchLedger().list(BatchKind.STATEFUL)) {
      applied += r.count(CountNames.process(CountNames.APPLIED));
      historyDuplicates += r.count(CountNames.process(CountNames.DUPLICATES));
      conflicting += r.count(CountNames.process(CountNames.QUARANTINED));
    }
    Map<ArtifactStatus, Integer> byStatus = new EnumMap<>(ArtifactStatus.class);
    int matching = 0;
    for (ReconciliationArtifact a : artifacts) {
      byStatus.merge(a.status(), 1, Integer::sum);
      if (matches(a, data.expected.get(a.artifactId()))) {
        matching++;
      }
    }
    boolean all = matching == data.expected.size() && artifacts.size() == data.expected.size();
    System.out.printf(
        "%nlines read %d = accepted %d + duplicates %d + quarantined %d%s%n",
        read,
        accepted,
        duplicates,
        quarantined,
        read == accepted + duplicates + quarantined ? "" : "  (DOES NOT ADD UP)");
    System.out.printf(
        "merged into history: %d applied, %d re-sent duplicates, %d conflicting (quarantined)%n",
        applied, historyDuplicates, conflicting);
    System.out.printf("artifacts %d: %s%n", artifacts.size(), byStatus);
    System.out.printf(
        "balances matching the demo's own input: %d/%d %s%n",
        matching, data.expected.size(), all ? "OK" : "MISMATCH");
    System.out.println("\nlookups (recon get):");
    var query = session.query();
    Stream.of(
            pick(artifacts, a -> a.artifactId().equals(DemoData.HOT_KEY)),
            pick(artifacts, a -> a.status() == ArtifactStatus.RECONCILED && a.lineCount() > 3),
            pick(artifacts, a -> a.status() == ArtifactStatus.OPEN),
            pick(artifacts, a -> a.status() == ArtifactStatus.AGED),
            pick(artifacts, a -> a.balances().size() > 1))
        .filter(a -> a != null)
        .distinct()
        .forEach(
            a -> {
              ReconciliationArtifact got = query.get(a.artifactId()).orElseThrow();
              System.out.println(
                  "  "
                      + Render.summary(got)
                      + (matches(got, data.expected.get(got.artifactId()))
                          ? "  [matches input]"
                          : "  [MISMATCH]"));
            });
    System.out.printf(
        "%ndemo finished in %.1f s. Try: ./recon get --home %s %s%n",
        seconds, session.stack().home(), DemoData.HOT_KEY);
    return all ? Exit.OK : Exit.FAILED;
  }

  private static ReconciliationArtifact pick(
      List<ReconciliationArtifact> all, java.util.function.Predicate<ReconciliationArtifact> p) {
    return all.stream()
        .filter(p)
        .min(Comparator.comparing(ReconciliationArtifact::artifactId))
        .orElse(null);
  }

  static boolean matches(ReconciliationArtifact a, Map<String, BigDecimal> expected) {
    if (expected == null || !a.balances().keySet().equals(expected.keySet())) {
      return false;
    }
    return expected.entrySet().stream()
        .allMatch(e -> a.balances().get(e.getKey()).compareTo(e.getValue()) == 0);
  }

  private static Path write(Path dir, int batch, List<String> lines) throws IOException {
    boolean gz = batch % 2 == 1; // every other batch arrives compressed
    Path f = dir.resolve(String.format("batch-%02d.jsonl%s", batch, gz ? ".gz" : ""));
    try (OutputStream raw = Files.newOutputStream(f);
        OutputStream out = gz ? new GZIPOutputStream(raw) : raw) {
      for (String l : lines) {
        out.write(l.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    }
    return f;
  }
}
