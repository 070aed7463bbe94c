package dev.recon.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.error.ReconException;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.testing.InMemoryArtifactCache;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryBatchLedger;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.core.testing.TestArtifacts;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerServiceTest {
  private final StatelessBatches gen = new StatelessBatches(21);
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryArtifactIndex index = new InMemoryArtifactIndex();
  private final InMemoryBatchLedger ledger = new InMemoryBatchLedger();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  private WorkerService service(ArtifactIndex idx, InMemoryArtifactCache cache, int cacheMaxBytes) {
    return new WorkerService(
        store,
        idx,
        cache,
        ledger,
        pool,
        IndexerConfig.DEFAULTS.withWriteBatchSize(7),
        cacheMaxBytes,
        Clock.systemUTC());
  }

  private static WorkerRequest request(long batch, int attempt, int parts) {
    List<String> files =
        java.util.stream.IntStream.range(0, parts)
            .mapToObj(p -> Layout.statePart(batch, p))
            .toList();
    return new WorkerRequest(batch, 0, attempt, files);
  }

  @Test
  void run_shouldIndexEveryArtifactAtItsExactRange_whenPartFilesAreStreamed() {
    // GIVEN 2 part-files of 20 artifacts
    List<IndexEntry> expected = IndexerFixtures.processedBatch(store, ledger, gen, 3, 2, 20, 3);
    InMemoryArtifactCache cache = new InMemoryArtifactCache();

    // WHEN
    WorkerResponse r = service(index, cache, 1 << 20).run(request(3, 1, 2));

    // THEN entries match the writer's offsets, and a ranged read of each returns that artifact
    assertThat(index.snapshot().values()).containsExactlyInAnyOrderElementsOf(expected);
    for (IndexEntry e : expected) {
      ReconciliationArtifact a =
          CanonicalJson.decodeArtifact(store.getRange(e.partFile(), e.offset(), e.length()));
      assertThat(a.artifactId()).isEqualTo(e.artifactId());
      assertThat(a.version()).isEqualTo(3);
      assertThat(cache.snapshot().get(e.artifactId()).bytes())
          .isEqualTo(store.getRange(e.partFile(), e.offset(), e.length()));
    }
    assertThat(r.written()).isEqualTo(40);
    assertThat(r.cached()).isEqualTo(40);
    assertThat(
            WorkerProgress.state(ledger.get(BatchKind.STATEFUL, Layout.seq(3)).orElseThrow(), 0)
                .orElseThrow()
                .status())
        .isEqualTo(BatchStatus.SUCCESS);
  }

  @Test
  void run_shouldNotCacheArtifacts_whenTheyExceedTheCacheLimit() {
    // GIVEN artifacts of 30 lines (several KB) and a 1 KB cache limit
    IndexerFixtures.processedBatch(store, ledger, gen, 3, 1, 5, 30);
    InMemoryArtifactCache cache = new InMemoryArtifactCache(1024);

    // WHEN
    WorkerResponse r = service(index, cache, 1024).run(request(3, 1, 1));

    // THEN all indexed, none cached
    assertThat(r.written()).isEqualTo(5);
    assertThat(r.cached()).isZero();
    assertThat(cache.snapshot()).isEmpty();
  }

  @Test
  void run_shouldChangeNothing_whenRunTwice() {
    // GIVEN a finished worker
    IndexerFixtures.processedBatch(store, ledger, gen, 3, 2, 10, 2);
    InMemoryArtifactCache cache = new InMemoryArtifactCache();
    service(index, cache, 1 << 20).run(request(3, 1, 2));
    var indexBefore = index.snapshot();
    long writesBefore = index.writes.get();

    // WHEN a second attempt runs (its ledger state reset as the coordinator would on a forced
    // re-index)
    ledger.update(
        WorkerProgress.reset(ledger.get(BatchKind.STATEFUL, Layout.seq(3)).orElseThrow(), 1));
    WorkerResponse again = service(index, cache, 1 << 20).run(request(3, 2, 2));

    // THEN no entry was written again and the index is unchanged
    assertThat(again.written()).isZero();
    assertThat(again.notNewer()).isEqualTo(20);
    assertThat(index.writes.get()).isEqualTo(writesBefore);
    assertThat(index.snapshot()).isEqualTo(indexBefore);
  }

  @Test
  void run_shouldFillTheCache_whenARerunFindsTheIndexAlreadyWritten() {
    // GIVEN an earlier attempt wrote the index but died before caching
    List<IndexEntry> entries = IndexerFixtures.processedBatch(store, ledger, gen, 3, 1, 10, 2);
    entries.forEach(index::putIfNewer);
    InMemoryArtifactCache cache = new InMemoryArtifactCache();

    // WHEN
    WorkerResponse r = service(index, cache, 1 << 20).run(request(3, 2, 1));

    // THEN every artifact is cached at version 3
    assertThat(r.notNewer()).isEqualTo(10);
    assertThat(cache.snapshot())
        .hasSize(10)
        .allSatisfy((id, c) -> assertThat(c.version()).isEqualTo(3));
  }

  @Test
  void run_shouldNotCacheOlderBytes_whenTheIndexIsAlreadyAhead() {
    // GIVEN batch 3's artifacts are already superseded by version 4 in the index
    List<IndexEntry> entries = IndexerFixtures.processedBatch(store, ledger, gen, 3, 1, 4, 2);
    for (IndexEntry e : entries) {
      index.putIfNewer(
          new IndexEntry(e.artifactId(), "state/0000000004/part-00000.jsonl", 0, 10, 4));
    }
    InMemoryArtifactCache cache = new InMemoryArtifactCache();

    // WHEN batch 3's worker runs late
    WorkerResponse r = service(index, cache, 1 << 20).run(request(3, 1, 1));

    // THEN
    assertThat(r.notNewer()).isEqualTo(4);
    assertThat(cache.snapshot()).isEmpty();
  }

  @Test
  void run_shouldRecordFailureAndRethrow_whenTheIndexFails() {
    // GIVEN an index that fails after 5 writes
    IndexerFixtures.processedBatch(store, ledger, gen, 3, 1, 20, 1);
    FaultyIndex faulty = new FaultyIndex(index, 5, false);

    // WHEN / THEN
    assertThatThrownBy(
            () -> service(faulty, new InMemoryArtifactCache(), 1 << 20).run(request(3, 1, 1)))
        .isInstanceOf(ReconException.class);
    assertThat(
            WorkerProgress.state(ledger.get(BatchKind.STATEFUL, Layout.seq(3)).orElseThrow(), 0)
                .orElseThrow()
                .status())
        .isEqualTo(BatchStatus.FAILURE);
  }

  @Test
  void run_shouldFail_whenAPartFileHoldsAnotherBatchsVersion() {
    // GIVEN state/3 holding a version-2 artifact
    ReconciliationArtifact wrong = TestArtifacts.artifact(gen, "x", 2, 1);
    byte[] line =
        Arrays.copyOf(CanonicalJson.encode(wrong), CanonicalJson.encode(wrong).length + 1);
    line[line.length - 1] = '\n';
    IndexerFixtures.processedBatch(store, ledger, gen, 3, 1, 1, 1);
    store.put(Layout.statePart(3, 0), line);

    // WHEN / THEN
    assertThatThrownBy(
            () -> service(index, new InMemoryArtifactCache(), 1 << 20).run(request(3, 1, 1)))
        .hasMessageContaining("must be version 3");
  }
}
