package dev.recon.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.testing.InMemoryArtifactCache;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryBatchLedger;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.StatelessBatches;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoordinatorServiceTest {
  private static final IndexerConfig CONFIG =
      IndexerConfig.DEFAULTS
          .withTimings(Duration.ofSeconds(60), Duration.ofSeconds(2))
          .withWriteBatchSize(4);
  private final StatelessBatches gen = new StatelessBatches(33);
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryBatchLedger ledger = new InMemoryBatchLedger();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private TestInvoker invoker;

  @AfterEach
  void tearDown() {
    if (invoker != null) {
      invoker.shutdown();
    }
    pool.shutdownNow();
  }

  private WorkerService worker(ArtifactIndex index, InMemoryArtifactCache cache) {
    return worker(index, cache, ledger);
  }

  private WorkerService worker(
      ArtifactIndex index, InMemoryArtifactCache cache, InMemoryBatchLedger on) {
    return new WorkerService(store, index, cache, on, pool, CONFIG, 1 << 20, clock);
  }

  private CoordinatorResponse coordinate(
      Function<WorkerRequest, ?> worker, CoordinatorRequest request) throws InterruptedException {
    invoker = new TestInvoker(worker, clock);
    return new CoordinatorService(store, ledger, invoker, CONFIG, clock)
        .run(request, () -> Long.MAX_VALUE);
  }

  private LedgerRecord record(long batch) {
    return ledger.get(BatchKind.STATEFUL, Layout.seq(batch)).orElseThrow();
  }

  @Test
  void run_shouldUseTwentyWorkers_whenAHundredPartFilesGoFivePerWorker() throws Exception {
    // GIVEN 100 part-files
    IndexerFixtures.processedBatch(store, ledger, gen, 7, 100, 2, 1);
    InMemoryArtifactIndex index = new InMemoryArtifactIndex();
    WorkerService w = worker(index, new InMemoryArtifactCache());

    // WHEN
    CoordinatorResponse r =
        coordinate(w::run, new CoordinatorRequest(7, null, 5, null, null, null));

    // THEN
    assertThat(r.status()).isEqualTo("SUCCESS");
    assertThat(r.workers()).isEqualTo(20);
    assertThat(r.invocations()).isEqualTo(20);
    assertThat(r.written()).isEqualTo(200);
    assertThat(index.snapshot()).hasSize(200);
    assertThat(record(7).attribute(LedgerNames.stage(LedgerNames.STAGE_INDEX)))
        .isEqualTo("SUCCESS");
    assertThat(record(7).count("index.written")).isEqualTo(200);
  }

  @Test
  void run_shouldRecordAndEmitIndexMetrics_whenEveryWorkerSucceeded() throws Exception {
    // GIVEN 12 part-files of 3 artifacts each
    IndexerFixtures.processedBatch(store, ledger, gen, 8, 12, 3, 1);
    InMemoryArtifactIndex index = new InMemoryArtifactIndex();
    WorkerService w = worker(index, new InMemoryArtifactCache());
    java.util.List<String> emitted = new java.util.ArrayList<>();
    invoker = new TestInvoker(w::run, clock);

    // WHEN the coordinator runs
    CoordinatorService service =
        new CoordinatorService(store, ledger, invoker, CONFIG, clock, emitted::addAll, "test");
    CoordinatorResponse r =
        service.run(new CoordinatorRequest(8, null, 5, null, null, null), () -> Long.MAX_VALUE);

    // THEN the ledger holds the stage's metrics: in = artifacts, out = written, one GET per
    // part-file
    assertThat(r.status()).isEqualTo("SUCCESS");
    dev.recon.core.metrics.StageMetrics m =
        dev.recon.core.metrics.StageMetrics.fromLedger(LedgerNames.STAGE_INDEX, record(8))
            .orElseThrow();
    assertThat(m.eventsIn()).isEqualTo(36);
    assertThat(m.eventsOut()).isEqualTo(36).isEqualTo(index.snapshot().size());
    assertThat(m.io().get(dev.recon.core.metrics.IoMetric.DYNAMODB_WRITES)).isEqualTo(36);
    assertThat(m.io().get(dev.recon.core.metrics.IoMetric.S3_GET_REQUESTS)).isEqualTo(12);
    assertThat(m.io().get(dev.recon.core.metrics.IoMetric.CACHE_WRITES)).isEqualTo(36);
    // AND one EMF line went to the sink, for stage index
    assertThat(emitted).hasSize(1);
    assertThat(emitted.get(0)).contains("\"Stage\":\"index\"").contains("\"EventsIn\":36");
  }

  @Test
  void run_shouldLeaveIndexAndCacheAsAFaultFreeRun_whenAWorkerIsKilledHalfwayAndReinvoked()
      throws Exception {
    // GIVEN a fault-free run's result on its own index and cache
    IndexerFixtures.processedBatch(store, ledger, gen, 4, 6, 10, 2);
    InMemoryArtifactIndex cleanIndex = new InMemoryArtifactIndex();
    InMemoryArtifactCache cleanCache = new InMemoryArtifactCache();
    InMemoryBatchLedger cleanLedger = new InMemoryBatchLedger();
    cleanLedger.create(record(4));
    WorkerService clean = worker(cleanIndex, cleanCache, cleanLedger);
    TestInvoker cleanInvoker = new TestInvoker(clean::run, clock);
    CoordinatorResponse cleanRun =
        new CoordinatorService(store, cleanLedger, cleanInvoker, CONFIG, clock)
            .run(new CoordinatorRequest(4, null, 3, null, null, null), () -> Long.MAX_VALUE);
    cleanInvoker.shutdown();
    assertThat(cleanRun.status()).isEqualTo("SUCCESS");

    // and worker 1's first attempt killed after 15 of its 30 index writes (nothing reported)
    InMemoryArtifactIndex index = new InMemoryArtifactIndex();
    InMemoryArtifactCache cache = new InMemoryArtifactCache();
    WorkerService healthy = worker(index, cache);
    WorkerService dying = worker(new FaultyIndex(index, 15, true), cache);
    Function<WorkerRequest, ?> workers =
        r -> (r.worker() == 1 && r.attempt() == 1 ? dying : healthy).run(r);

    // WHEN
    CoordinatorResponse r =
        coordinate(workers, new CoordinatorRequest(4, null, 3, null, null, null));

    // THEN it was timed out, re-invoked once, and the result equals the fault-free run
    assertThat(r.status()).isEqualTo("SUCCESS");
    assertThat(invoker.attemptsOf(1)).isEqualTo(2);
    assertThat(invoker.attemptsOf(0)).isEqualTo(1);
    assertThat(index.snapshot()).isEqualTo(cleanIndex.snapshot());
    assertThat(cache.snapshot().keySet()).isEqualTo(cleanCache.snapshot().keySet());
    cache
        .snapshot()
        .forEach(
            (id, c) -> {
              assertThat(c.version()).isEqualTo(cleanCache.snapshot().get(id).version());
              assertThat(c.bytes()).isEqualTo(cleanCache.snapshot().get(id).bytes());
            });
  }

  @Test
  void run_shouldReinvokeAtOnce_whenAWorkerReportsAFailure() throws Exception {
    // GIVEN worker 0's first attempt hits an index outage and reports it
    IndexerFixtures.processedBatch(store, ledger, gen, 5, 2, 5, 1);
    InMemoryArtifactIndex index = new InMemoryArtifactIndex();
    WorkerService healthy = worker(index, new InMemoryArtifactCache());
    WorkerService failing = worker(new FaultyIndex(index, 2, false), new InMemoryArtifactCache());
    Instant start = clock.instant();

    // WHEN
    CoordinatorResponse r =
        coordinate(
            req -> (req.attempt() == 1 ? failing : healthy).run(req),
            new CoordinatorRequest(5, null, 1, null, null, null));

    // THEN retried without waiting for a timeout
    assertThat(r.status()).isEqualTo("SUCCESS");
    assertThat(r.invocations()).isEqualTo(4);
    assertThat(Duration.between(start, clock.instant())).isLessThan(CONFIG.workerTimeout());
    assertThat(index.snapshot()).hasSize(10);
  }

  @Test
  void run_shouldNotReinvoke_whenAnInProcessWorkerOutlastsTheWorkerTimeout() throws Exception {
    // GIVEN two workers whose slices take (by the clock) over three worker timeouts, still running
    // in this process
    IndexerFixtures.processedBatch(store, ledger, gen, 9, 2, 5, 1);
    InMemoryArtifactIndex index = new InMemoryArtifactIndex();
    WorkerService w = worker(index, new InMemoryArtifactCache());
    Instant start = clock.instant();
    java.util.concurrent.CountDownLatch slow = new java.util.concurrent.CountDownLatch(1);
    List<WorkerRequest> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    InProcessWorkerInvoker inProcess =
        new InProcessWorkerInvoker(
            req -> {
              calls.add(req);
              try {
                slow.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return w.run(req);
            },
            4);
    WorkerInvoker timeFlies =
        new WorkerInvoker() {
          @Override
          public void invoke(WorkerRequest request) {
            inProcess.invoke(request);
          }

          @Override
          public void awaitReport(Duration max) throws InterruptedException {
            clock.advance(CONFIG.workerTimeout());
            if (Duration.between(start, clock.instant())
                    .compareTo(CONFIG.workerTimeout().multipliedBy(3))
                > 0) {
              slow.countDown();
            }
            inProcess.awaitReport(Duration.ofMillis(200));
          }

          @Override
          public boolean mayStillRun(long batch, int worker, int attempt) {
            return inProcess.mayStillRun(batch, worker, attempt);
          }

          @Override
          public boolean isRunning(long batch, int worker, int attempt) {
            return inProcess.isRunning(batch, worker, attempt);
          }
        };

    // WHEN
    CoordinatorResponse r =
        new CoordinatorService(store, ledger, timeFlies, CONFIG, clock)
            .run(new CoordinatorRequest(9, null, 1, null, null, null), () -> Long.MAX_VALUE);
    inProcess.shutdown();

    // THEN each worker ran once: a live in-process attempt is not presumed lost
    assertThat(r.status()).isEqualTo("SUCCESS");
    assertThat(Duration.between(start, clock.instant()))
        .isGreaterThan(CONFIG.workerTimeout().multipliedBy(3));
    assertThat(calls).hasSize(2);
    assertThat(r.invocations()).isEqualTo(2);
    assertThat(index.snapshot()).hasSize(10);
  }

  @Test
  void run_shouldFailTheBatch_whenAWorkerFailsEveryAttempt() throws Exception {
    // GIVEN an index that is down for good
    IndexerFixtures.processedBatch(store, ledger, gen, 6, 1, 5, 1);
    WorkerService failing =
        worker(new FaultyIndex(new InMemoryArtifactIndex(), 0, false), new InMemoryArtifactCache());

    // WHEN
    CoordinatorResponse r = coordinate(failing::run, CoordinatorRequest.of(6));

    // THEN three attempts, then FAILURE in the response and the ledger
    assertThat(r.status()).isEqualTo("FAILURE");
    assertThat(invoker.attemptsOf(0)).isEqualTo(3);
    assertThat(r.error()).contains("failed 3 times").contains("index down");
    assertThat(record(6).attribute(LedgerNames.stage(LedgerNames.STAGE_INDEX)))
        .isEqualTo("FAILURE");
  }

  @Test
  void run_shouldResumeWithoutReinvoking_whenCalledAgainAfterReturningExecuting() throws Exception {
    // GIVEN workers that block until released, and a coordinator about to run out of time
    IndexerFixtures.processedBatch(store, ledger, gen, 8, 2, 3, 1);
    InMemoryArtifactIndex index = new InMemoryArtifactIndex();
    WorkerService w = worker(index, new InMemoryArtifactCache());
    CountDownLatch release = new CountDownLatch(1);
    invoker =
        new TestInvoker(
            req -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return w.run(req);
            },
            clock);
    CoordinatorService service = new CoordinatorService(store, ledger, invoker, CONFIG, clock);

    // WHEN the first call has only 1 s left, then the workers finish and the coordinator is called
    // again
    CoordinatorResponse first =
        service.run(new CoordinatorRequest(8, null, 1, null, null, null), () -> 1_000);
    release.countDown();
    CoordinatorResponse second =
        service.run(new CoordinatorRequest(8, null, 1, null, null, null), () -> Long.MAX_VALUE);

    // THEN
    assertThat(first.status()).isEqualTo("EXECUTING");
    assertThat(second.status()).isEqualTo("SUCCESS");
    assertThat(invoker.invocations).hasSize(2);
    assertThat(index.snapshot()).hasSize(6);
  }

  @Test
  void run_shouldInvokeNothing_whenTheBatchIsAlreadyIndexed() throws Exception {
    // GIVEN an indexed batch
    IndexerFixtures.processedBatch(store, ledger, gen, 9, 2, 2, 1);
    WorkerService w = worker(new InMemoryArtifactIndex(), new InMemoryArtifactCache());
    coordinate(w::run, CoordinatorRequest.of(9));
    invoker.shutdown();

    // WHEN
    CoordinatorResponse again = coordinate(w::run, CoordinatorRequest.of(9));

    // THEN
    assertThat(again.status()).isEqualTo("SUCCESS");
    assertThat(invoker.invocations).isEmpty();
  }
}
