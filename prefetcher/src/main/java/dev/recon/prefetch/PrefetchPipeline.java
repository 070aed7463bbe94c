package dev.recon.prefetch;

import static org.apache.spark.sql.functions.col;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.contract.CountNames;
import dev.recon.core.contract.PartFileStats;
import dev.recon.core.contract.PrefetchManifest;
import dev.recon.core.contract.StatefulBatchPlan;
import dev.recon.core.error.ReconException;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.ledger.LedgerUpdates;
import dev.recon.core.metrics.CountingObjectStore;
import dev.recon.core.metrics.IoCounter;
import dev.recon.core.metrics.IoCounts;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.model.BatchKind;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import dev.recon.spark.DriverMetrics;
import dev.recon.spark.ExecutorClients;
import dev.recon.spark.SparkIoCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prefetcher of stateful batch N, as small static steps:
 *
 * <ol>
 *   <li>{@link #existing}: a prefetch whose manifest exists is complete and immutable; rerunning
 *       returns it untouched (a second prefetch after N was indexed would fetch N's own output and
 *       make a processor rerun differ).
 *   <li>{@link IndexedThrough#record}: before reading the index, record the highest fully indexed
 *       batch; the processor reads every later batch's part-files as in-flight.
 *   <li>{@link #keyFiles} and {@link #readKeys}: the key files of every stateless batch N covers.
 *   <li>{@link #distinctKeys}: one copy of each key, hash-partitioned and sorted.
 *   <li>{@link #fetchAndWrite}: per partition, index, cache or coalesced GETs, part-file.
 *   <li>{@link #commit}: manifest last, then the counts in the ledger.
 * </ol>
 */
public final class PrefetchPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(PrefetchPipeline.class);

  /**
   * Ledger count names are prefixed so the three stages' counts on one STATEFUL record do not
   * collide.
   */
  public static final String COUNT_PREFIX = CountNames.PREFETCH_PREFIX;

  private PrefetchPipeline() {}

  public static PrefetchManifest run(SparkSession spark, PrefetchConfig config) {
    long started = System.nanoTime();
    SparkIoCounter io =
        SparkIoCounter.register(spark.sparkContext(), "recon.prefetch." + config.batch());
    AwsClientFactory clients = ExecutorClients.factory(config.settings());
    ObjectStore store = new CountingObjectStore(ExecutorClients.objectStore(config.settings()), io);
    BatchLedger ledger = clients.batchLedger();
    Optional<PrefetchManifest> done = existing(store, config.batch());
    if (done.isPresent()) {
      LOG.info("prefetch of batch {} already complete; leaving it as it is", config.batch());
      return done.get();
    }
    StatefulBatchPlan plan = config.plan(ledger);
    long indexedThrough = IndexedThrough.record(ledger, config.batch());
    List<String> keyFiles = keyFiles(store, plan);
    Dataset<String> keys =
        distinctKeys(readKeys(spark, keyFiles, config.settings(), io), config.partitions());
    List<PrefetchPartResult> parts = fetchAndWrite(keys, config, io).collectAsList();
    PrefetchManifest manifest = manifest(plan, indexedThrough, parts);
    commit(store, ledger, manifest);
    LOG.info("prefetched batch {}: {}", config.batch(), manifest.counts());
    DriverMetrics.report(
        config.settings(),
        ledger,
        BatchKind.STATEFUL,
        metrics(manifest, (System.nanoTime() - started) / 1_000_000, io.snapshot()));
    return manifest;
  }

  /** The prefetcher's {@link StageMetrics}: distinct keys in, prior artifacts found out. */
  public static StageMetrics metrics(PrefetchManifest m, long durationMs, IoCounts io) {
    return new StageMetrics(
        LedgerNames.STAGE_PREFETCH,
        Layout.seq(m.batch()),
        m.count(CountNames.KEYS),
        m.count(CountNames.FOUND),
        null,
        durationMs,
        io);
  }

  public static Optional<PrefetchManifest> existing(ObjectStore store, long batch) {
    return PrefetchManifest.read(store, batch);
  }

  /**
   * Every key file of stateless batches from..to; each batch must be complete (manifest present).
   */
  public static List<String> keyFiles(ObjectStore store, StatefulBatchPlan plan) {
    List<String> out = new ArrayList<>();
    for (long s = plan.statelessFrom(); s <= plan.statelessTo(); s++) {
      if (store.head(Layout.statelessManifest(s)).isEmpty()) {
        throw new ReconException(
            "stateless batch " + s + " is not complete (no " + Layout.statelessManifest(s) + ")");
      }
      for (ObjectInfo o : store.list(Layout.statelessDir(s) + "keys/")) {
        if (o.key().endsWith(".txt")) {
          out.add(o.key());
        }
      }
    }
    return out;
  }

  /** One task per key file. */
  public static Dataset<String> readKeys(
      SparkSession spark, List<String> keyFiles, ReconSettings settings) {
    return readKeys(spark, keyFiles, settings, IoCounter.NONE);
  }

  public static Dataset<String> readKeys(
      SparkSession spark, List<String> keyFiles, ReconSettings settings, IoCounter io) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark
        .createDataset(
            jsc.parallelize(keyFiles, Math.max(1, keyFiles.size())).rdd(), Encoders.STRING())
        .flatMap(new ReadKeyFile(settings, io), Encoders.STRING());
  }

  /**
   * A key touched by several stateless batches (or hot-key chunks) is fetched once. Hash
   * partitioning by key with an explicit count (which adaptive execution leaves alone), then
   * de-duplication within partitions (no second shuffle) and sorting, so each task's lookups and
   * its part-file come out in key order.
   */
  public static Dataset<String> distinctKeys(Dataset<String> keys, int partitions) {
    return keys.repartition(partitions, col("value"))
        .dropDuplicates()
        .sortWithinPartitions("value")
        .as(Encoders.STRING());
  }

  public static Dataset<PrefetchPartResult> fetchAndWrite(
      Dataset<String> keys, PrefetchConfig config) {
    return fetchAndWrite(keys, config, IoCounter.NONE);
  }

  public static Dataset<PrefetchPartResult> fetchAndWrite(
      Dataset<String> keys, PrefetchConfig config, IoCounter io) {
    return keys.mapPartitions(
        new PrefetchPartition(config, io), Encoders.javaSerialization(PrefetchPartResult.class));
  }

  public static PrefetchManifest manifest(
      StatefulBatchPlan plan, long indexedThrough, List<PrefetchPartResult> parts) {
    TreeMap<String, Long> counts = new TreeMap<>();
    List<PartFileStats> files = new ArrayList<>();
    for (PrefetchPartResult p : parts) {
      ArtifactFetcher.FetchCounters c = p.counters();
      counts.merge(CountNames.KEYS, c.keys, Long::sum);
      counts.merge(CountNames.FOUND, c.found, Long::sum);
      counts.merge(CountNames.CACHE_HITS, c.cacheHits, Long::sum);
      counts.merge(CountNames.CACHE_REJECTED, c.cacheRejected, Long::sum);
      counts.merge(CountNames.CACHE_ERRORS, c.cacheErrors, Long::sum);
      counts.merge(CountNames.CACHE_REPAIRS, c.cacheRepairs, Long::sum);
      counts.merge(CountNames.STORE_READS, c.storeReads, Long::sum);
      counts.merge(CountNames.GET_REQUESTS, c.getRequests, Long::sum);
      counts.merge(CountNames.BYTES_READ, c.bytesRead, Long::sum);
      counts.merge(CountNames.BYTES_WASTED, c.bytesWasted, Long::sum);
      if (p.file() != null) {
        files.add(p.file());
        counts.merge(CountNames.RECORDS, p.file().records(), Long::sum);
        counts.merge(CountNames.BYTES, p.file().bytes(), Long::sum);
      }
    }
    files.sort(java.util.Comparator.comparing(PartFileStats::key));
    return new PrefetchManifest(
        plan.batch(), indexedThrough, plan.statelessFrom(), plan.statelessTo(), counts, files);
  }

  /** The manifest is written last: its presence is what says the prefetch is complete. */
  public static void commit(ObjectStore store, BatchLedger ledger, PrefetchManifest manifest) {
    store.put(Layout.prefetchManifest(manifest.batch()), manifest.toJson());
    Map<String, Long> counts = new TreeMap<>();
    manifest.counts().forEach((k, v) -> counts.put(COUNT_PREFIX + k, v));
    LedgerUpdates.update(
        ledger, BatchKind.STATEFUL, Layout.seq(manifest.batch()), r -> r.withCounts(counts));
  }
}
