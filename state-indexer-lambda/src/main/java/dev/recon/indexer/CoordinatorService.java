package dev.recon.indexer;

import dev.recon.core.contract.CountNames;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.ledger.LedgerUpdates;
import dev.recon.core.metrics.IoCounts;
import dev.recon.core.metrics.MetricsSink;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexer coordinator of batch N: reads the state manifest, splits the part-files among
 * workers, invokes them, follows their progress in the ledger, re-invokes a worker that failed or
 * went silent (up to {@code maxAttempts} invocations), and finally records the index stage's
 * outcome ({@code stage.index} = SUCCESS or FAILURE) on batch N's ledger record — the value the
 * next prefetches read to compute indexedThrough.
 *
 * <p>Resumable: everything it knows is in the ledger, so when its own time runs short it returns
 * EXECUTING, and a second call with the same input continues without re-invoking running workers.
 * The worker split is recorded with the first call and reused, so a resumed or repeated call gives
 * worker k the same part-files.
 */
public final class CoordinatorService {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorService.class);
  public static final String STAGE_INDEX = LedgerNames.stage(LedgerNames.STAGE_INDEX);
  public static final String COUNT_PREFIX = CountNames.INDEX_PREFIX;

  private final ObjectStore store;
  private final BatchLedger ledger;
  private final WorkerInvoker invoker;
  private final IndexerConfig defaults;

  /** When indexing of the batch (last) began: the start of the index stage's duration. */
  public static final String STARTED_AT = "index.startedAt";

  /** Per-worker counts that are summed into the batch's index counts. */
  static final List<String> SUMMED =
      List.of(
          CountNames.ARTIFACTS,
          CountNames.WRITTEN,
          CountNames.NOT_NEWER,
          CountNames.CACHED,
          CountNames.CACHE_ERRORS,
          CountNames.WORKER_MS);

  private final Clock clock;
  private final MetricsSink metrics;
  private final String environment;

  public CoordinatorService(
      ObjectStore store,
      BatchLedger ledger,
      WorkerInvoker invoker,
      IndexerConfig defaults,
      Clock clock) {
    this(store, ledger, invoker, defaults, clock, MetricsSink.NONE, "local");
  }

  /**
   * @param metrics where the index stage's EMF lines go once the batch is indexed (stdout in the
   *     Lambda, whose log group extracts them)
   */
  public CoordinatorService(
      ObjectStore store,
      BatchLedger ledger,
      WorkerInvoker invoker,
      IndexerConfig defaults,
      Clock clock,
      MetricsSink metrics,
      String environment) {
    this.store = Objects.requireNonNull(store, "store");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.invoker = Objects.requireNonNull(invoker, "invoker");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /**
   * @param remainingMillis this invocation's remaining time (Lambda context), polled each round
   */
  public CoordinatorResponse run(CoordinatorRequest request, LongSupplier remainingMillis)
      throws InterruptedException {
    long batch = request.batch();
    String id = Layout.seq(batch);
    IndexerConfig config = defaults.with(request);
    List<String> parts = StateManifestFiles.partFiles(store, batch);

    Instant begun = clock.instant();
    LedgerRecord record =
        LedgerUpdates.update(
            ledger,
            BatchKind.STATEFUL,
            id,
            r -> begin(r, config, request.forced(), parts.size(), begun));
    if (BatchStatus.parse(record.attribute(STAGE_INDEX)) == BatchStatus.SUCCESS
        && !request.forced()) {
      return response(record, batch, parts.size(), workers(record), BatchStatus.SUCCESS, null);
    }
    int perWorker = Integer.parseInt(record.attribute(WorkerProgress.PART_FILES_PER_WORKER));
    List<List<String>> plan = WorkerPlan.assign(parts, perWorker);
    LOG.info("indexing batch {}: {} part-files, {} workers", batch, parts.size(), plan.size());

    while (true) {
      record = ledger.get(BatchKind.STATEFUL, id).orElseThrow();
      Instant now = clock.instant();
      boolean allDone = true;
      for (int k = 0; k < plan.size(); k++) {
        Optional<WorkerProgress.State> s = WorkerProgress.state(record, k);
        if (s.isPresent() && s.get().status() == BatchStatus.SUCCESS) {
          continue;
        }
        allDone = false;
        boolean lost =
            s.isPresent()
                && (s.get().status() == BatchStatus.INITIATED
                    || s.get().status() == BatchStatus.EXECUTING)
                && ((Duration.between(s.get().since(), now).compareTo(config.workerTimeout()) > 0
                        && !invoker.isRunning(batch, k, s.get().attempt()))
                    || !invoker.mayStillRun(batch, k, s.get().attempt()));
        boolean failed = s.isPresent() && s.get().status() == BatchStatus.FAILURE;
        if (s.isEmpty() || lost || failed) {
          int attempt = s.map(WorkerProgress.State::attempt).orElse(0) + 1;
          if (attempt > config.maxAttempts()) {
            String error =
                "worker "
                    + k
                    + " of batch "
                    + batch
                    + " "
                    + (lost ? "timed out" : "failed")
                    + " "
                    + config.maxAttempts()
                    + " times; last error: "
                    + record.attribute(WorkerProgress.prefix(k) + WorkerProgress.WORKER_ERROR);
            LedgerRecord failedRecord =
                LedgerUpdates.update(
                    ledger,
                    BatchKind.STATEFUL,
                    id,
                    r ->
                        r.withAttributes(
                            Map.of(
                                STAGE_INDEX,
                                BatchStatus.FAILURE.name(),
                                WorkerProgress.ERROR,
                                WorkerProgress.truncate(error))));
            LOG.error(error);
            return response(
                failedRecord, batch, parts.size(), plan.size(), BatchStatus.FAILURE, error);
          }
          if (lost) {
            LOG.warn(
                "worker {} of batch {} attempt {} went silent; invoking attempt {}",
                k,
                batch,
                attempt - 1,
                attempt);
          }
          invoke(id, new WorkerRequest(batch, k, attempt, plan.get(k), request.tenant()));
        }
      }
      if (allDone) {
        Instant finished = clock.instant();
        LedgerRecord done =
            LedgerUpdates.update(
                ledger, BatchKind.STATEFUL, id, r -> finish(r, plan.size(), finished));
        LOG.info("indexed batch {}", batch);
        emit(done, request.tenantId().value(), finished);
        return response(done, batch, parts.size(), plan.size(), BatchStatus.SUCCESS, null);
      }
      if (remainingMillis.getAsLong()
          < config.coordinatorMargin().toMillis() + config.pollInterval().toMillis()) {
        return response(record, batch, parts.size(), plan.size(), BatchStatus.EXECUTING, null);
      }
      invoker.awaitReport(config.pollInterval());
    }
  }

  /**
   * First call (or a forced one): record the split and that indexing runs. A batch whose indexing
   * failed stays failed until a forced call gives every worker fresh attempts.
   */
  private static LedgerRecord begin(
      LedgerRecord r, IndexerConfig config, boolean force, int partFiles, Instant now) {
    if (BatchStatus.parse(r.attribute(STAGE_INDEX)) == BatchStatus.SUCCESS && !force) {
      return r;
    }
    boolean planned = r.attribute(WorkerProgress.PART_FILES_PER_WORKER) != null;
    LedgerRecord next = r;
    if (force && planned) {
      next = WorkerProgress.reset(next, workers(next));
    }
    if (!planned || force) {
      int perWorker = config.partFilesPerWorker();
      int workers = (partFiles + perWorker - 1) / perWorker;
      next =
          next.withAttributes(
              Map.of(
                  WorkerProgress.PART_FILES_PER_WORKER,
                  Integer.toString(perWorker),
                  WorkerProgress.WORKERS,
                  Integer.toString(workers),
                  STARTED_AT,
                  now.toString()));
    }
    return next.withAttributes(
        Map.of(STAGE_INDEX, BatchStatus.EXECUTING.name(), WorkerProgress.ERROR, ""));
  }

  private void invoke(String id, WorkerRequest request) {
    LedgerUpdates.update(
        ledger,
        BatchKind.STATEFUL,
        id,
        rec -> WorkerProgress.invoked(rec, request.worker(), request.attempt(), clock.instant()));
    try {
      invoker.invoke(request);
    } catch (RuntimeException e) {
      // Could not even start it (throttled, misconfigured): that attempt failed.
      LOG.warn(
          "invoking worker {} attempt {} failed: {}",
          request.worker(),
          request.attempt(),
          e.toString());
      LedgerUpdates.update(
          ledger,
          BatchKind.STATEFUL,
          id,
          rec ->
              WorkerProgress.failed(
                  rec, request.worker(), request.attempt(), "invoke: " + e, clock.instant()));
    }
  }

  private static int workers(LedgerRecord r) {
    String w = r.attribute(WorkerProgress.WORKERS);
    return w == null ? 0 : Integer.parseInt(w);
  }

  /** Every worker succeeded: sum their counts, record the stage's metrics and its success. */
  static LedgerRecord finish(LedgerRecord r, int workers, Instant now) {
    Map<String, Long> totals = new TreeMap<>();
    for (int k = 0; k < workers; k++) {
      for (String c : SUMMED) {
        totals.merge(COUNT_PREFIX + c, WorkerProgress.count(r, k, c), Long::sum);
      }
      totals.merge(
          COUNT_PREFIX + CountNames.INVOCATIONS,
          (long) WorkerProgress.state(r, k).map(WorkerProgress.State::attempt).orElse(0),
          Long::sum);
    }
    return r.withCounts(totals)
        .withCounts(metrics(r, workers, now).toLedgerCounts())
        .withAttributes(Map.of(STAGE_INDEX, BatchStatus.SUCCESS.name(), WorkerProgress.ERROR, ""));
  }

  /**
   * The index stage's {@link StageMetrics}: artifacts in the part-files in, index entries written
   * out (an entry the index already had at this or a newer version is not "out"); I/O is the
   * successful attempts' of every worker; the duration runs from the first coordinator call (or the
   * forced one) to now.
   */
  static StageMetrics metrics(LedgerRecord r, int workers, Instant now) {
    long in = 0;
    long out = 0;
    IoCounts io = IoCounts.ZERO;
    for (int k = 0; k < workers; k++) {
      in += WorkerProgress.count(r, k, CountNames.ARTIFACTS);
      out += WorkerProgress.count(r, k, CountNames.WRITTEN);
      io = io.plus(IoCounts.fromMap(WorkerProgress.prefix(k), r.counts()));
    }
    long ms = 0;
    String started = r.attribute(STARTED_AT);
    if (started != null && !started.isEmpty()) {
      ms = Math.max(0, Duration.between(Instant.parse(started), now).toMillis());
    }
    return new StageMetrics(LedgerNames.STAGE_INDEX, r.id(), in, out, null, ms, io);
  }

  /** A metric is never worth failing an indexed batch for. */
  private void emit(LedgerRecord done, String tenant, Instant now) {
    try {
      StageMetrics.fromLedger(LedgerNames.STAGE_INDEX, done)
          .ifPresent(m -> metrics.emit(m.toEmf(environment, tenant, now)));
    } catch (RuntimeException e) {
      LOG.warn("could not emit the index metrics of batch {}: {}", done.id(), e.toString());
    }
  }

  private static CoordinatorResponse response(
      LedgerRecord r, long batch, int parts, int workers, BatchStatus status, String error) {
    long invocations = 0;
    long artifacts = 0;
    long written = 0;
    long notNewer = 0;
    long cached = 0;
    for (int k = 0; k < workers; k++) {
      invocations += WorkerProgress.state(r, k).map(WorkerProgress.State::attempt).orElse(0);
      artifacts += WorkerProgress.count(r, k, CountNames.ARTIFACTS);
      written += WorkerProgress.count(r, k, CountNames.WRITTEN);
      notNewer += WorkerProgress.count(r, k, CountNames.NOT_NEWER);
      cached += WorkerProgress.count(r, k, CountNames.CACHED);
    }
    return new CoordinatorResponse(
        batch,
        status.name(),
        parts,
        workers,
        invocations,
        artifacts,
        written,
        notNewer,
        cached,
        error);
  }
}
