package dev.recon.core.rules;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.Event;
import dev.recon.core.model.Line;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Run in a child JVM with a 1 GiB heap by {@link LargeKeyMergeTest}: one key receives N events in
 * two batches; the artifact goes through the canonical codec to disk and back between batches, as
 * it would through a part-file. Exits non-zero when any check fails; prints the figures.
 */
public final class LargeKeyMergeCheck {
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    Path dir = Files.createTempDirectory("recon-large-key");
    long started = System.nanoTime();
    Map<String, BigDecimal> expected = new TreeMap<>();
    Random random = new Random(42);
    ArtifactMerger merger = new ArtifactMerger(RulesConfig.DEFAULTS);
    Instant base = Instant.parse("2026-10-01T00:00:00Z");

    ReconciliationArtifact prior = null;
    for (int batch = 1; batch <= 2; batch++) {
      List<Event> events = new ArrayList<>(n / 2);
      for (int i = 0; i < n / 2; i++) {
        int id = (batch - 1) * (n / 2) + i;
        Side side = random.nextInt(3) == 0 ? Side.CREDIT : Side.DEBIT;
        String currency = random.nextInt(4) == 0 ? "EUR" : "USD";
        BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(1_000_000), 2);
        expected.merge(currency, side == Side.DEBIT ? amount : amount.negate(), BigDecimal::add);
        // times overlap across batches, so batch 2 brings late events into the middle of batch 1's
        events.add(
            new Event(
                String.format("bulk-%07d", id),
                "shipment-bulk",
                base.plusSeconds(random.nextInt(60 * 24 * 3600)),
                side == Side.DEBIT ? "CHARGE" : "PAYMENT",
                side,
                amount,
                currency,
                "bulk-loader",
                "",
                null));
      }
      StatelessArtifact s = StatelessReducer.reduce("shipment-bulk", batch, events);
      events = null;
      ReconciliationArtifact next =
          merger
              .merge(prior, null, List.of(s), batch, base.plusSeconds(90L * 24 * 3600))
              .artifact();
      s = null;
      prior = null;
      Path file = dir.resolve("v" + batch + ".jsonl");
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        CanonicalJson.write(next, out);
      }
      next = null;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        prior = CanonicalJson.decodeArtifact(in);
      }
      Files.delete(file);
    }

    boolean ok = prior.lineCount() == n;
    Line previous = null;
    for (Line l : prior.lines()) {
      if (previous != null && Line.ORDER.compare(previous, l) >= 0) {
        ok = false;
        System.out.println("lines out of order at " + l.eventId());
        break;
      }
      previous = l;
    }
    for (Map.Entry<String, BigDecimal> e : expected.entrySet()) {
      if (prior.balances().get(e.getKey()).compareTo(e.getValue()) != 0) {
        ok = false;
        System.out.println(
            "balance "
                + e.getKey()
                + " "
                + prior.balances().get(e.getKey())
                + " != "
                + e.getValue());
      }
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        "lines=%d balances=%s expected=%s seconds=%.1f peakHeapMb=%d maxHeapMb=%d%n",
        prior.lineCount(),
        prior.balances(),
        expected,
        (System.nanoTime() - started) / 1e9,
        peak >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.println(ok ? "LARGE-KEY-OK" : "LARGE-KEY-FAILED");
    System.exit(ok ? 0 : 1);
  }
}
