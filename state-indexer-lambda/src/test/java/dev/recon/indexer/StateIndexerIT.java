package dev.recon.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.ReconTables;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.local.junit.EmbeddedStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The indexer on DynamoDB Local, s3proxy and Redis: faults during indexing leave no trace. */
class StateIndexerIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();
  private static final IndexerConfig CONFIG =
      IndexerConfig.DEFAULTS
          .withTimings(Duration.ofSeconds(60), Duration.ofSeconds(2))
          .withWriteBatchSize(25);
  private static final ExecutorService POOL = Executors.newFixedThreadPool(8);
  private static final List<AwsClientFactory> FACTORIES =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
    FACTORIES.forEach(AwsClientFactory::close);
  }

  /** An environment of its own on the shared stack (prefix, tables, Redis namespace). */
  private static AwsClientFactory environment(String name) {
    ReconSettings s =
        STACK.settings().toBuilder()
            .environment(name)
            .prefix(name)
            .indexTable(null)
            .ledgerTable(null)
            .build();
    AwsClientFactory clients = new AwsClientFactory(s);
    FACTORIES.add(clients);
    ReconTables.ensureAll(clients);
    return clients;
  }

  private static WorkerService worker(
      AwsClientFactory c, dev.recon.core.port.ArtifactIndex index, MutableClock clock) {
    return new WorkerService(
        c.objectStore(),
        index,
        c.artifactCache(),
        c.batchLedger(),
        POOL,
        CONFIG,
        c.settings().cacheMaxBytes(),
        clock);
  }

  private static CoordinatorResponse index(
      TestInvoker invoker, AwsClientFactory c, MutableClock clock) throws Exception {
    try {
      return new CoordinatorService(c.objectStore(), c.batchLedger(), invoker, CONFIG, clock)
          .run(new CoordinatorRequest(4, null, 2, null, null, null), () -> Long.MAX_VALUE);
    } finally {
      invoker.shutdown();
    }
  }

  @Test
  void run_shouldLeaveIndexAndCacheAsAFaultFreeRun_whenAWorkerIsKilledAfterHalfItsWrites()
      throws Exception {
    // GIVEN the same processed batch 4 (6 part-files x 40 artifacts) in two environments
    AwsClientFactory clean = environment("clean");
    AwsClientFactory faulty = environment("faulty");
    List<IndexEntry> entries =
        IndexerFixtures.processedBatch(
            clean.objectStore(), clean.batchLedger(), new StatelessBatches(9), 4, 6, 40, 3);
    IndexerFixtures.processedBatch(
        faulty.objectStore(), faulty.batchLedger(), new StatelessBatches(9), 4, 6, 40, 3);
    List<String> ids = entries.stream().map(IndexEntry::artifactId).toList();
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    // WHEN the clean environment is indexed without faults, and in the other worker 1's first
    // attempt is killed after 47 of its 80 index writes (mid-round: some entries are indexed but
    // not yet cached when it dies)
    TestInvoker cleanInvoker =
        new TestInvoker(worker(clean, clean.artifactIndex(), clock)::run, clock);
    CoordinatorResponse cleanRun = index(cleanInvoker, clean, clock);
    WorkerService healthy = worker(faulty, faulty.artifactIndex(), clock);
    FaultyIndex killing = new FaultyIndex(faulty.artifactIndex(), 47, true);
    WorkerService dying = worker(faulty, killing, clock);
    TestInvoker faultyInvoker =
        new TestInvoker(r -> (r.worker() == 1 && r.attempt() == 1 ? dying : healthy).run(r), clock);
    CoordinatorResponse faultyRun = index(faultyInvoker, faulty, clock);

    // THEN the killed worker was timed out and re-invoked once, nothing else was retried, and both
    // runs leave the same index entries and the same cache values
    assertThat(cleanRun.status()).isEqualTo("SUCCESS");
    assertThat(faultyRun.status()).isEqualTo("SUCCESS");
    assertThat(cleanInvoker.invocations).hasSize(3);
    assertThat(faultyInvoker.invocations).hasSize(4);
    assertThat(faultyInvoker.attemptsOf(1)).isEqualTo(2);
    assertThat(killing.writes.get()).isGreaterThan(47);
    Map<String, IndexEntry> cleanIndex = clean.artifactIndex().getAll(ids);
    assertThat(cleanIndex).hasSize(240).containsValues(entries.toArray(IndexEntry[]::new));
    assertThat(faulty.artifactIndex().getAll(ids)).isEqualTo(cleanIndex);
    Map<String, CachedArtifact> cleanCache = clean.artifactCache().getAll(ids);
    Map<String, CachedArtifact> faultyCache = faulty.artifactCache().getAll(ids);
    assertThat(faultyCache.keySet()).isEqualTo(cleanCache.keySet()).hasSize(240);
    faultyCache.forEach(
        (id, c) -> {
          assertThat(c.version()).isEqualTo(cleanCache.get(id).version());
          assertThat(c.bytes()).isEqualTo(cleanCache.get(id).bytes());
        });
    // and every entry's range is exactly the artifact it names
    for (IndexEntry e : cleanIndex.values()) {
      ReconciliationArtifact a =
          CanonicalJson.decodeArtifact(
              faulty.objectStore().getRange(e.partFile(), e.offset(), e.length()));
      assertThat(a.artifactId()).isEqualTo(e.artifactId());
      assertThat(a.version()).isEqualTo(4);
    }
  }
}
