package dev.recon.processor;

import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.ReconTables;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.contract.PrefetchManifest;
import dev.recon.core.contract.StateManifest;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.indexer.CoordinatorHandler;
import dev.recon.indexer.CoordinatorRequest;
import dev.recon.indexer.CoordinatorResponse;
import dev.recon.indexer.IndexerConfig;
import dev.recon.prefetch.PrefetchConfig;
import dev.recon.prefetch.PrefetchPipeline;
import dev.recon.spark.ExecutorClients;
import dev.recon.spark.SharedSpark;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Runs the stateful path's stages the way the state machine does, against the embedded stack, in
 * one environment of its own (own S3 prefix, tables and Redis namespace), so tests sharing a stack
 * never see each other's keys.
 */
final class StatefulPathDriver {
  static final Instant WINDOW_END_1 = Instant.parse("2026-12-01T00:00:00Z");

  final ReconSettings settings;
  final AwsClientFactory clients;
  final ObjectStore store;
  final ArtifactIndex index;
  final ArtifactCache cache;
  final BatchLedger ledger;
  final List<List<Event>> statelessBatches = new ArrayList<>();
  private final CoordinatorHandler coordinator;
  int parts = 3;
  long heavyKeyBytes = ProcessorConfig.HEAVY_KEY_BYTES_DEFAULT;
  long maxGapBytes = 64 * 1024;
  long maxGetBytes = 1024 * 1024;

  StatefulPathDriver(ReconSettings stackSettings, String environment) {
    this.settings =
        stackSettings.toBuilder()
            .environment(environment)
            .prefix(environment)
            .indexTable(null)
            .ledgerTable(null)
            .build();
    // The same factory the executors get (one per JVM per settings).
    this.clients = ExecutorClients.factory(settings);
    ReconTables.ensureAll(clients);
    this.store = ExecutorClients.objectStore(settings);
    this.index = clients.artifactIndex();
    this.cache = clients.artifactCache();
    this.ledger = clients.batchLedger();
    this.coordinator =
        CoordinatorHandler.inProcess(
            clients,
            IndexerConfig.DEFAULTS.withTimings(Duration.ofSeconds(60), Duration.ofMillis(200)),
            4);
  }

  static Instant windowEnd(long n) {
    return WINDOW_END_1.plus(Duration.ofHours(n - 1));
  }

  /** Stateless batch S = (number of batches so far) + 1, written as the reducer would. */
  long stateless(List<Event> events, int chunkSize) {
    statelessBatches.add(events);
    long s = statelessBatches.size();
    StatelessBatches.write(store, s, events, 3, chunkSize);
    return s;
  }

  /** The backlog manager's part: stateful batch N covers stateless from..to. */
  void plan(long n, long from, long to) {
    LedgerRecord r =
        LedgerRecord.create(
                BatchKind.STATEFUL, Layout.seq(n), n, BatchStatus.EXECUTING, Instant.EPOCH)
            .withAttributes(
                Map.of(
                    LedgerNames.STATELESS_FROM, Long.toString(from),
                    LedgerNames.STATELESS_TO, Long.toString(to),
                    LedgerNames.WINDOW_END, windowEnd(n).toString()));
    ledger.create(r);
  }

  PrefetchManifest prefetch(long n) {
    return PrefetchPipeline.run(
        SharedSpark.session(),
        PrefetchConfig.defaults(settings, n)
            .withPartitions(3)
            .withLookupBatchSize(50)
            .withCoalescing(maxGapBytes, maxGetBytes));
  }

  StateManifest process(long n) {
    return ProcessorPipeline.run(
        SharedSpark.session(),
        ProcessorConfig.defaults(settings, n).withParts(parts).withHeavyKeyBytes(heavyKeyBytes));
  }

  CoordinatorResponse index(long n) {
    return coordinator.handle(new CoordinatorRequest(n, null, 2, null, null, null), null);
  }

  CoordinatorResponse reindex(long n) {
    return coordinator.handle(new CoordinatorRequest(n, null, 2, null, null, true), null);
  }

  /** One batch through all three stages. */
  void runBatch(long n) {
    prefetch(n);
    process(n);
    CoordinatorResponse r = index(n);
    if (!"SUCCESS".equals(r.status())) {
      throw new AssertionError("indexing " + n + " failed: " + r);
    }
  }

  LedgerRecord record(long n) {
    return ledger.get(BatchKind.STATEFUL, Layout.seq(n)).orElseThrow();
  }

  Map<String, IndexEntry> entries(Collection<String> ids) {
    return index.getAll(ids);
  }

  /** The artifact an index entry names, read with one ranged GET. */
  ReconciliationArtifact read(IndexEntry e) {
    return CanonicalJson.decodeArtifact(store.getRange(e.partFile(), e.offset(), e.length()));
  }
}
