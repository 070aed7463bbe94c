package dev.recon.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.ReconTables;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.contract.PartFileStats;
import dev.recon.core.contract.PrefetchLineCodec;
import dev.recon.core.contract.PrefetchManifest;
import dev.recon.core.contract.PrefetchedArtifact;
import dev.recon.core.io.PartLineScanner;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.core.testing.TestArtifacts;
import dev.recon.local.junit.EmbeddedStackExtension;
import dev.recon.spark.ExecutorClients;
import dev.recon.spark.SharedSpark;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The prefetcher on the embedded stack and local Spark: what it fetches, from where, and how many
 * GETs the range-coalescing planner saves on a cold cache (figures are logged).
 */
class PrefetchPipelineIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();
  private static final int PARTS = 4;
  private static final int PER_PART = 150;

  /** Every other key of each part-file is requested. */
  private static final long REQUESTED = PARTS * PER_PART / 2;

  /**
   * An environment with batch 1 indexed (600 artifacts in 4 part-files) and batches 2 and 3
   * planned.
   */
  private static final class Env {
    final ReconSettings settings;
    final ObjectStore store;
    final Map<String, byte[]> artifacts = new TreeMap<>();
    final List<String> keys = new ArrayList<>();

    Env(String name) throws Exception {
      settings =
          STACK.settings().toBuilder()
              .environment(name)
              .prefix(name)
              .indexTable(null)
              .ledgerTable(null)
              .build();
      AwsClientFactory clients = ExecutorClients.factory(settings);
      ReconTables.ensureAll(clients);
      store = ExecutorClients.objectStore(settings);
      StatelessBatches gen = new StatelessBatches(77);
      List<IndexEntry> entries = new ArrayList<>();
      for (int p = 0; p < PARTS; p++) {
        List<ReconciliationArtifact> part = new ArrayList<>();
        for (int i = 0; i < PER_PART; i++) {
          ReconciliationArtifact a =
              TestArtifacts.artifact(gen, String.format("key-%d-%04d", p, i), 1, 1 + i % 5);
          part.add(a);
          artifacts.put(a.artifactId(), CanonicalJson.encode(a));
        }
        entries.addAll(TestArtifacts.writePart(store, 1, p, part));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> writes = new ArrayList<>();
        for (IndexEntry e : entries) {
          writes.add(pool.submit(() -> clients.artifactIndex().putIfNewer(e)));
        }
        for (Future<?> f : writes) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      // Stateless batch 1 touches every other key of each part-file, plus 50 new keys.
      List<Event> events = new ArrayList<>();
      for (String id : artifacts.keySet()) {
        if (Integer.parseInt(id.substring(id.length() - 4)) % 2 == 0) {
          events.add(gen.event(id));
          keys.add(id);
        }
      }
      for (int i = 0; i < 50; i++) {
        events.add(gen.event("new-" + i));
      }
      StatelessBatches.write(store, 1, events, 3, 100);
      var ledger = clients.batchLedger();
      ledger.create(
          LedgerRecord.create(
                  BatchKind.STATEFUL, Layout.seq(1), 1, BatchStatus.SUCCESS, Instant.EPOCH)
              .withAttributes(Map.of(LedgerNames.stage(LedgerNames.STAGE_INDEX), "SUCCESS")));
      for (long n = 2; n <= 3; n++) {
        ledger.create(
            LedgerRecord.create(
                    BatchKind.STATEFUL, Layout.seq(n), n, BatchStatus.EXECUTING, Instant.EPOCH)
                .withAttributes(
                    Map.of(LedgerNames.STATELESS_FROM, "1", LedgerNames.STATELESS_TO, "1")));
      }
    }

    PrefetchManifest prefetch(long batch, long gap, long cap) {
      long t0 = System.nanoTime();
      PrefetchManifest m =
          PrefetchPipeline.run(
              SharedSpark.session(),
              PrefetchConfig.defaults(settings, batch).withPartitions(3).withCoalescing(gap, cap));
      System.out.printf(
          "prefetch %s batch %d gap=%d cap=%d: %d ms, %s%n",
          settings.environment(),
          batch,
          gap,
          cap,
          (System.nanoTime() - t0) / 1_000_000,
          m.counts());
      return m;
    }

    /** Every prefetched line, by artifactId. */
    Map<String, PrefetchedArtifact> lines(PrefetchManifest m) throws Exception {
      Map<String, PrefetchedArtifact> out = new TreeMap<>();
      for (PartFileStats f : m.files()) {
        try (PartLineScanner s =
            new PartLineScanner(new ByteArrayInputStream(store.get(f.key())), f.key())) {
          PartLineScanner.ScannedLine l;
          while ((l = s.next(Integer.MAX_VALUE)) != null) {
            PrefetchedArtifact p = PrefetchLineCodec.decode(l.kept());
            out.put(p.artifactId(), p);
          }
        }
      }
      return out;
    }
  }

  @Test
  void run_shouldFetchEveryKnownKeyWithFarFewerGets_whenNearbyRangesAreCoalesced()
      throws Exception {
    // GIVEN two identical environments with a cold cache
    Env plain = new Env("uncoalesced");
    Env coalesced = new Env("coalesced");

    // WHEN one prefetches with the defaults and one with coalescing off (gap 0: adjacent lines are
    // a newline apart), in that order so the uncoalesced run does not pay the JVM's warm-up
    PrefetchManifest b =
        coalesced.prefetch(
            2,
            RangeCoalescingPlanner.MAX_GAP_BYTES_DEFAULT,
            RangeCoalescingPlanner.MAX_GET_BYTES_DEFAULT);
    PrefetchManifest a = plain.prefetch(2, 0, RangeCoalescingPlanner.MAX_GET_BYTES_DEFAULT);

    // THEN both fetched exactly the known keys' bytes from S3, the coalesced one in a handful of
    // GETs
    assertThat(a.indexedThrough()).isEqualTo(1);
    for (PrefetchManifest m : List.of(a, b)) {
      assertThat(m.count("keys")).isEqualTo(REQUESTED + 50);
      assertThat(m.count("found")).isEqualTo(REQUESTED);
      assertThat(m.count("storeReads")).isEqualTo(REQUESTED);
      assertThat(m.count("records")).isEqualTo(REQUESTED);
    }
    assertThat(a.count("getRequests")).isEqualTo(REQUESTED);
    assertThat(b.count("getRequests"))
        .isLessThanOrEqualTo(PARTS * 3L); // at most one per part-file per task
    assertThat(b.count("bytesWasted")).isPositive();
    Map<String, PrefetchedArtifact> lines = coalesced.lines(b);
    assertThat(lines.keySet()).containsExactlyElementsOf(coalesced.keys);
    lines.forEach((id, p) -> assertThat(p.artifact()).isEqualTo(coalesced.artifacts.get(id)));

    // AND WHEN the next batch prefetches the same keys, the repaired cache answers everything
    PrefetchManifest c =
        coalesced.prefetch(
            3,
            RangeCoalescingPlanner.MAX_GAP_BYTES_DEFAULT,
            RangeCoalescingPlanner.MAX_GET_BYTES_DEFAULT);
    assertThat(c.count("cacheHits")).isEqualTo(REQUESTED);
    assertThat(c.count("getRequests")).isZero();
    assertThat(coalesced.lines(c).values())
        .allSatisfy(p -> assertThat(p.source()).isEqualTo(PrefetchedArtifact.Source.CACHE));

    // AND a rerun of a completed prefetch changes nothing
    assertThat(coalesced.prefetch(2, 0, 1)).isEqualTo(b);
  }
}
