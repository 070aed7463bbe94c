package dev.recon.indexer;

import dev.recon.core.codec.ArtifactHeader;
import dev.recon.core.contract.CountNames;
import dev.recon.core.error.ReconException;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.io.PartLineScanner;
import dev.recon.core.layout.Layout;
import dev.recon.core.ledger.LedgerUpdates;
import dev.recon.core.metrics.CountingArtifactCache;
import dev.recon.core.metrics.CountingArtifactIndex;
import dev.recon.core.metrics.CountingObjectStore;
import dev.recon.core.metrics.IoCounters;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.port.IndexPutOutcome;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One indexer worker: streams its part-files, computes each artifact's (offset, length) from the
 * line positions, writes the index entries with conditional versioned puts on a thread pool, and
 * caches the artifacts with pipelined writes.
 *
 * <p>Idempotent by construction, so running a worker twice (a retry, a lost-then-found invocation)
 * is harmless: {@code putIfNewer} refuses an entry the index already has at this or a newer
 * version, and a cache write stores the same bytes and version again. A cache entry is written when
 * the index write succeeded or the index already holds exactly this version (a rerun after a crash
 * between the two writes must still fill the cache), never when the index is ahead, so a late rerun
 * of an old batch cannot put older bytes in front of a newer version.
 *
 * <p>Memory stays bounded: a line is kept whole only when it is small enough to be cached (Redis
 * holds artifacts up to a configured size, DESIGN §4), otherwise only its header; each round
 * buffers at most {@code writeBatchSize} entries and {@code writeBatchBytes} bytes.
 *
 * <p>The cache is best effort: a Redis outage is counted ({@code cacheErrors}) and logged but does
 * not fail the batch, because every reader falls back to S3 on a miss. Index and S3 failures fail
 * the worker, which the coordinator retries.
 */
public final class WorkerService {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerService.class);

  private final ObjectStore store;
  private final ArtifactIndex index;
  private final ArtifactCache cache;
  private final BatchLedger ledger;
  private final ExecutorService pool;
  private final IndexerConfig config;
  private final int cacheMaxBytes;
  private final Clock clock;

  public WorkerService(
      ObjectStore store,
      ArtifactIndex index,
      ArtifactCache cache,
      BatchLedger ledger,
      ExecutorService pool,
      IndexerConfig config,
      int cacheMaxBytes,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.index = Objects.requireNonNull(index, "index");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.config = Objects.requireNonNull(config, "config");
    this.cacheMaxBytes = cacheMaxBytes;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Counters of one worker run, and the run's ports wrapped in counting decorators (per run, since
   * in-process workers share one service): their I/O counts go into the worker's ledger counts,
   * which the coordinator sums into the index stage's metrics.
   */
  static final class Counters {
    final IoCounters io = new IoCounters();
    final ObjectStore store;
    final ArtifactIndex index;
    final ArtifactCache cache;
    long artifacts;
    long written;
    long notNewer;
    long cached;
    long cacheErrors;

    Counters(ObjectStore store, ArtifactIndex index, ArtifactCache cache) {
      this.store = new CountingObjectStore(store, io);
      this.index = new CountingArtifactIndex(index, io);
      this.cache = new CountingArtifactCache(cache, io);
    }

    Map<String, Long> toMap(long partsDone) {
      Map<String, Long> m = new TreeMap<>(io.snapshot().toMap(""));
      m.put(WorkerProgress.PARTS_DONE, partsDone);
      m.put(CountNames.ARTIFACTS, artifacts);
      m.put(CountNames.WRITTEN, written);
      m.put(CountNames.NOT_NEWER, notNewer);
      m.put(CountNames.CACHED, cached);
      m.put(CountNames.CACHE_ERRORS, cacheErrors);
      return m;
    }
  }

  /**
   * Runs one worker request on its tenant's views of the ports this service holds (the shared,
   * unscoped ones: one service serves every tenant).
   */
  public WorkerResponse run(WorkerRequest request) {
    TenantId t = request.tenantId();
    return new WorkerService(
            Tenants.scope(store, t),
            Tenants.scope(index, t),
            Tenants.scope(cache, t),
            Tenants.scope(ledger, t),
            pool,
            config,
            cacheMaxBytes,
            clock)
        .runScoped(request);
  }

  private WorkerResponse runScoped(WorkerRequest request) {
    String id = Layout.seq(request.batch());
    int k = request.worker();
    int attempt = request.attempt();
    LedgerRecord started =
        LedgerUpdates.update(
            ledger,
            BatchKind.STATEFUL,
            id,
            r -> WorkerProgress.started(r, k, attempt, clock.instant()));
    if (!WorkerProgress.isCurrent(started, k, attempt)) {
      LOG.info(
          "worker {} attempt {} of batch {} skipped: already done or superseded",
          k,
          attempt,
          request.batch());
      return new WorkerResponse(
          request.batch(), k, attempt, "SKIPPED", request.partFiles().size(), 0, 0, 0, 0, 0);
    }
    Counters c = new Counters(store, index, cache);
    java.time.Instant began = clock.instant();
    try {
      long done = 0;
      for (String part : request.partFiles()) {
        indexPart(request.batch(), part, c);
        long partsDone = ++done;
        LedgerUpdates.update(
            ledger,
            BatchKind.STATEFUL,
            id,
            r -> WorkerProgress.progressed(r, k, attempt, partsDone));
      }
      Map<String, Long> counts = new TreeMap<>(c.toMap(done));
      // What this invocation ran: the Lambda duration the batch's cost estimate bills.
      counts.put(
          CountNames.WORKER_MS,
          Math.max(0, java.time.Duration.between(began, clock.instant()).toMillis()));
      LedgerUpdates.update(
          ledger, BatchKind.STATEFUL, id, r -> WorkerProgress.succeeded(r, k, attempt, counts));
      return new WorkerResponse(
          request.batch(),
          k,
          attempt,
          BatchStatus.SUCCESS.name(),
          request.partFiles().size(),
          c.artifacts,
          c.written,
          c.notNewer,
          c.cached,
          c.cacheErrors);
    } catch (RuntimeException e) {
      // Errors (out of memory, a killed thread) are not caught: like a killed process they leave
      // the
      // attempt EXECUTING, and the coordinator's timeout takes over.
      try {
        LedgerUpdates.update(
            ledger,
            BatchKind.STATEFUL,
            id,
            r -> WorkerProgress.failed(r, k, attempt, e.toString(), clock.instant()));
      } catch (RuntimeException reportFailure) {
        e.addSuppressed(reportFailure);
      }
      throw e;
    }
  }

  /** Indexes one part-file of batch {@code batch}. */
  void indexPart(long batch, String key, Counters c) {
    int keep = Math.max(cacheMaxBytes, ArtifactHeader.MAX_HEADER_BYTES);
    List<Pending> round = new ArrayList<>(config.writeBatchSize());
    long roundBytes = 0;
    try (PartLineScanner scanner = new PartLineScanner(c.store.open(key), key)) {
      PartLineScanner.ScannedLine line;
      while ((line = scanner.next(keep)) != null) {
        ArtifactHeader h = ArtifactHeader.read(line.kept());
        if (h.version() != batch) {
          throw new ReconException(
              key
                  + " line "
                  + line.lineNumber()
                  + " holds "
                  + h.artifactId()
                  + " v"
                  + h.version()
                  + "; every artifact of state/"
                  + batch
                  + " must be version "
                  + batch);
        }
        byte[] bytes = line.complete() && line.length() <= cacheMaxBytes ? line.kept() : null;
        round.add(
            new Pending(
                new IndexEntry(h.artifactId(), key, line.offset(), line.length(), batch), bytes));
        roundBytes += bytes == null ? 0 : bytes.length;
        if (round.size() >= config.writeBatchSize() || roundBytes >= config.writeBatchBytes()) {
          writeRound(round, c);
          round = new ArrayList<>(config.writeBatchSize());
          roundBytes = 0;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + key, e);
    }
    writeRound(round, c);
  }

  private record Pending(IndexEntry entry, byte[] bytes) {}

  private void writeRound(List<Pending> round, Counters c) {
    if (round.isEmpty()) {
      return;
    }
    List<Future<IndexPutOutcome>> outcomes = new ArrayList<>(round.size());
    for (Pending p : round) {
      outcomes.add(pool.submit(() -> c.index.putIfNewer(p.entry())));
    }
    List<Pending> cacheable = new ArrayList<>();
    List<Pending> refused = new ArrayList<>();
    for (int i = 0; i < round.size(); i++) {
      Pending p = round.get(i);
      c.artifacts++;
      if (await(outcomes.get(i)) == IndexPutOutcome.WRITTEN) {
        c.written++;
        if (p.bytes() != null) {
          cacheable.add(p);
        }
      } else {
        c.notNewer++;
        if (p.bytes() != null) {
          refused.add(p);
        }
      }
    }
    if (!refused.isEmpty()) {
      // Refused: the index already has this version (a rerun) or a newer one. Cache only the
      // former.
      Map<String, IndexEntry> stored =
          c.index.getAll(refused.stream().map(p -> p.entry().artifactId()).toList());
      for (Pending p : refused) {
        IndexEntry s = stored.get(p.entry().artifactId());
        if (s != null && s.version() == p.entry().version()) {
          cacheable.add(p);
        }
      }
    }
    if (cacheable.isEmpty()) {
      return;
    }
    List<CachedArtifact> values = new ArrayList<>(cacheable.size());
    for (Pending p : cacheable) {
      values.add(new CachedArtifact(p.entry().artifactId(), p.entry().version(), p.bytes()));
    }
    try {
      c.cached += c.cache.putAll(values);
    } catch (StoreUnavailableException e) {
      c.cacheErrors++;
      LOG.warn(
          "cache unavailable; {} artifacts not cached (readers fall back to S3): {}",
          values.size(),
          e.toString());
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReconException("interrupted while writing index entries", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new ReconException("index write failed", cause);
    }
  }
}
