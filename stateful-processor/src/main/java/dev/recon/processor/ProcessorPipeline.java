package dev.recon.processor;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.contract.ArtifactCensus;
import dev.recon.core.contract.CountNames;
import dev.recon.core.contract.PartFileStats;
import dev.recon.core.contract.PrefetchManifest;
import dev.recon.core.contract.StateManifest;
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
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import dev.recon.spark.DriverMetrics;
import dev.recon.spark.ExecutorClients;
import dev.recon.spark.SparkIoCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The stateful processor of batch N, as small static steps:
 *
 * <ol>
 *   <li>{@link #inputs}: the prefetch of N (must be complete) gives the stateless range and
 *       indexedThrough; the in-flight batches are (indexedThrough, N-1], each of which must be
 *       processed (its manifest present).
 *   <li>{@link #contributions}: one task per part-file — stateless lines of N, prefetched priors,
 *       in-flight priors — as {@link Contribution} rows.
 *   <li>{@link #heavyKeys}: keys whose inputs outweigh the threshold (skew).
 *   <li>{@link #merge}: one shuffle with an exact partitioner (route = reduce task = part-file) and
 *       a secondary sort, then {@link MergeAndWrite} per route.
 *   <li>{@link #commit}: manifest last (or, for a committed batch, proof that nothing changed),
 *       then counts in the ledger.
 * </ol>
 *
 * <p>Why RDDs for the shuffle: the output layout must be exact and repeatable (route r is part-file
 * r, each heavy key alone in its task), which needs a custom partitioner and a sort inside
 * partitions; Dataset hash partitioning can put two routes into one task.
 */
public final class ProcessorPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessorPipeline.class);
  public static final String COUNT_PREFIX = CountNames.PROCESS_PREFIX;

  private ProcessorPipeline() {}

  /** Everything the merge reads, resolved on the driver. */
  public record Inputs(
      long batch,
      long statelessFrom,
      long statelessTo,
      long indexedThrough,
      Instant asOf,
      Map<Long, List<String>> statelessFiles,
      List<String> prefetchFiles,
      List<String> inFlightFiles) {}

  public static StateManifest run(SparkSession spark, ProcessorConfig config) {
    return run(spark, config, ProcessorHooks.NONE);
  }

  /**
   * As {@link #run(SparkSession, ProcessorConfig)}, with test hooks ({@link ProcessorHooks#NONE} in
   * production).
   */
  public static StateManifest run(
      SparkSession spark, ProcessorConfig config, ProcessorHooks hooks) {
    long started = System.nanoTime();
    SparkIoCounter io =
        SparkIoCounter.register(spark.sparkContext(), "recon.process." + config.batch());
    AwsClientFactory clients = ExecutorClients.factory(config.settings());
    ObjectStore store = new CountingObjectStore(ExecutorClients.objectStore(config.settings()), io);
    BatchLedger ledger = clients.batchLedger();
    Inputs in = inputs(store, ledger, config);
    ReconSettings rulesOfBatch = settingsOfBatch(store, ledger, config);
    Optional<StateManifest> committed = StateManifest.read(store, config.batch());
    // A committed batch is re-checked with the layout it was written with.
    int parts = committed.map(StateManifest::parts).orElse(config.parts());
    long heavyBytes = committed.map(StateManifest::heavyKeyBytes).orElse(config.heavyKeyBytes());

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Contribution> contributions = contributions(jsc, config.settings(), in, io);
    boolean skewPass = heavyBytes > 0;
    if (skewPass) {
      contributions = contributions.persist(StorageLevel.MEMORY_AND_DISK_SER());
    }
    try {
      List<String> heavy =
          skewPass ? heavyKeys(contributions, heavyBytes, config.maxHeavyKeys()) : List.of();
      Routes routes = new Routes(parts, heavy);
      List<StatePartResult> results =
          merge(
              spark,
              contributions,
              routes,
              rulesOfBatch,
              in.batch(),
              in.asOf(),
              committed.map(StateManifest::filesByKey).orElse(null),
              io,
              hooks);
      hooks.beforeManifest(in.batch());
      // the artifact census carries forward from the previous batch's manifest
      Optional<SortedMap<String, Long>> previous =
          in.batch() > 1
              ? StateManifest.read(store, in.batch() - 1).map(StateManifest::counts)
              : Optional.empty();
      StateManifest manifest = manifest(in, parts, heavyBytes, heavy, results, previous);
      commit(store, ledger, manifest, committed);
      LOG.info("processed batch {}: {}", in.batch(), manifest.counts());
      // matching (DESIGN §9) after the commit, also for a committed batch rerun after a crash
      MatchStage.run(store, ledger, manifest);
      if (committed.isEmpty()) {
        DriverMetrics.report(
            config.settings(),
            ledger,
            BatchKind.STATEFUL,
            metrics(manifest, (System.nanoTime() - started) / 1_000_000, io.snapshot()));
      }
      return manifest;
    } finally {
      if (skewPass) {
        contributions.unpersist(false);
      }
    }
  }

  /**
   * The job's settings with the tenant configuration version recorded on batch N ({@link
   * LedgerNames#CONFIG_VERSION}, read from the tenant's ledger): its tolerance and aging threshold
   * decide the artifacts' status, and its matching rule set's settling types their settlement
   * sections, whatever the current version is now, so a rerun or a replay applies what the batch
   * was planned with.
   */
  public static ReconSettings settingsOfBatch(
      ObjectStore store, BatchLedger ledger, ProcessorConfig config) {
    long n = config.batch();
    dev.recon.core.model.LedgerRecord record =
        ledger
            .get(BatchKind.STATEFUL, Layout.seq(n))
            .orElseThrow(() -> new ReconException("no stateful batch " + n + " in the ledger"));
    dev.recon.core.config.TenantConfigs.Version v =
        new dev.recon.core.config.TenantConfigs(ledger).ofBatch(record);
    LOG.info(
        "batch {} runs with configuration version {} {}",
        n,
        v.version(),
        v.config().toAttributes());
    ReconSettings settings = v.config().applyTo(config.settings());
    // the settling types of the batch's rule set decide its artifacts' settlement sections
    Optional<dev.recon.core.match.RuleSets.Stored> matching =
        dev.recon.core.match.RuleSets.ofBatch(
            new dev.recon.core.config.TenantConfigs(ledger), store, record);
    if (matching.isEmpty()) {
      return settings;
    }
    return settings.toBuilder()
        .rules(settings.rules().withSettling(matching.get().rules().settling()))
        .build();
  }

  public static Inputs inputs(ObjectStore store, BatchLedger ledger, ProcessorConfig config) {
    long n = config.batch();
    PrefetchManifest prefetch =
        PrefetchManifest.read(store, n)
            .orElseThrow(
                () ->
                    new ReconException(
                        "prefetch of batch "
                            + n
                            + " is not complete (no "
                            + Layout.prefetchManifest(n)
                            + ")"));
    if ((config.statelessFrom() != null && config.statelessFrom() != prefetch.statelessFrom())
        || (config.statelessTo() != null && config.statelessTo() != prefetch.statelessTo())) {
      throw new ReconException(
          "batch "
              + n
              + " was prefetched for stateless "
              + prefetch.statelessFrom()
              + ".."
              + prefetch.statelessTo()
              + ", not "
              + config.statelessFrom()
              + ".."
              + config.statelessTo());
    }
    Instant asOf =
        config.asOf() != null
            ? config.asOf()
            : StatefulBatchPlan.resolve(
                    ledger, n, prefetch.statelessFrom(), prefetch.statelessTo(), null, true)
                .asOf();
    Map<Long, List<String>> stateless = new TreeMap<>();
    for (long s = prefetch.statelessFrom(); s <= prefetch.statelessTo(); s++) {
      if (store.head(Layout.statelessManifest(s)).isEmpty()) {
        throw new ReconException("stateless batch " + s + " is not complete");
      }
      List<String> files = new ArrayList<>();
      for (ObjectInfo o : store.list(Layout.statelessDir(s) + "artifacts/")) {
        if (o.key().endsWith(".jsonl")) {
          files.add(o.key());
        }
      }
      stateless.put(s, files);
    }
    List<String> inFlight = new ArrayList<>();
    for (long m = prefetch.indexedThrough() + 1; m < n; m++) {
      long batch = m;
      StateManifest sm =
          StateManifest.read(store, m)
              .orElseThrow(
                  () ->
                      new ReconException(
                          "in-flight batch " + batch + " of batch " + n + " is not processed yet"));
      sm.files().forEach(f -> inFlight.add(f.key()));
    }
    List<String> prefetchFiles = prefetch.files().stream().map(PartFileStats::key).toList();
    return new Inputs(
        n,
        prefetch.statelessFrom(),
        prefetch.statelessTo(),
        prefetch.indexedThrough(),
        asOf,
        stateless,
        prefetchFiles,
        inFlight);
  }

  /** One task per part-file of every input. */
  public static JavaRDD<Contribution> contributions(
      JavaSparkContext jsc, ReconSettings settings, Inputs in) {
    return contributions(jsc, settings, in, IoCounter.NONE);
  }

  /**
   * @param io counts the part-file reads (the stage's metrics)
   */
  public static JavaRDD<Contribution> contributions(
      JavaSparkContext jsc, ReconSettings settings, Inputs in, IoCounter io) {
    List<JavaRDD<Contribution>> parts = new ArrayList<>();
    in.statelessFiles()
        .forEach(
            (s, files) -> {
              if (!files.isEmpty()) {
                parts.add(
                    jsc.parallelize(files, files.size())
                        .flatMap(new ReadInputs.StatelessPart(settings, s, io)));
              }
            });
    if (!in.prefetchFiles().isEmpty()) {
      parts.add(
          jsc.parallelize(in.prefetchFiles(), in.prefetchFiles().size())
              .flatMap(new ReadInputs.PrefetchPart(settings, io)));
    }
    if (!in.inFlightFiles().isEmpty()) {
      parts.add(
          jsc.parallelize(in.inFlightFiles(), in.inFlightFiles().size())
              .flatMap(new ReadInputs.InFlightPart(settings, io)));
    }
    if (parts.isEmpty()) {
      return jsc.emptyRDD();
    }
    JavaRDD<Contribution> all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      all = all.union(parts.get(i));
    }
    return all;
  }

  /**
   * Keys whose inputs weigh more than {@code thresholdBytes}, heaviest first up to {@code max},
   * returned sorted by id (their routes follow that order).
   */
  public static List<String> heavyKeys(
      JavaRDD<Contribution> contributions, long thresholdBytes, int max) {
    List<Tuple2<String, Long>> heavy =
        contributions
            .mapToPair(new KeyWeight())
            .reduceByKey(new SumLongs())
            .filter(new HeavierThan(thresholdBytes))
            .collect();
    List<Tuple2<String, Long>> sorted = new ArrayList<>(heavy);
    sorted.sort(
        Comparator.<Tuple2<String, Long>>comparingLong(t -> -t._2()).thenComparing(Tuple2::_1));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < Math.min(max, sorted.size()); i++) {
      ids.add(sorted.get(i)._1());
    }
    ids.sort(Comparator.naturalOrder());
    return ids;
  }

  public static List<StatePartResult> merge(
      SparkSession spark,
      JavaRDD<Contribution> contributions,
      Routes routes,
      ReconSettings settings,
      long batch,
      Instant asOf,
      Map<String, PartFileStats> committed) {
    return merge(
        spark,
        contributions,
        routes,
        settings,
        batch,
        asOf,
        committed,
        IoCounter.NONE,
        ProcessorHooks.NONE);
  }

  public static List<StatePartResult> merge(
      SparkSession spark,
      JavaRDD<Contribution> contributions,
      Routes routes,
      ReconSettings settings,
      long batch,
      Instant asOf,
      Map<String, PartFileStats> committed,
      IoCounter io,
      ProcessorHooks hooks) {
    JavaPairRDD<ContributionKey, Contribution> keyed =
        contributions.mapToPair(new KeyByRoute(routes));
    JavaRDD<StatePartResult> results =
        keyed
            .repartitionAndSortWithinPartitions(
                new Routes.RoutePartitioner(routes.count()), new ContributionKey.Order())
            .mapPartitions(new MergeAndWrite(settings, batch, asOf, committed, io, hooks));
    // Results travel Java-serialized (records), independent of the shuffle serializer.
    return spark
        .createDataset(results.rdd(), Encoders.javaSerialization(StatePartResult.class))
        .collectAsList();
  }

  /**
   * The batch's manifest from its parts' results; {@code previous} is batch {@code N-1}'s manifest
   * counts, from which the {@link ArtifactCensus} carries forward.
   */
  public static StateManifest manifest(
      Inputs in,
      int parts,
      long heavyBytes,
      List<String> heavy,
      List<StatePartResult> results,
      Optional<SortedMap<String, Long>> previous) {
    MergeCounters total = new MergeCounters();
    List<PartFileStats> files = new ArrayList<>();
    List<PartFileStats> quarantine = new ArrayList<>();
    long bytes = 0;
    for (StatePartResult r : results) {
      total.add(r.counters());
      if (r.state() != null) {
        files.add(r.state());
        bytes += r.state().bytes();
      }
      if (r.quarantine() != null) {
        quarantine.add(r.quarantine());
      }
    }
    files.sort(Comparator.comparing(PartFileStats::key));
    quarantine.sort(Comparator.comparing(PartFileStats::key));
    TreeMap<String, Long> counts = new TreeMap<>(total.toMap());
    counts.put(CountNames.BYTES, bytes);
    counts.put(CountNames.PARTS, (long) files.size());
    counts.put(CountNames.HEAVY_KEYS, (long) heavy.size());
    return new StateManifest(
        in.batch(),
        in.statelessFrom(),
        in.statelessTo(),
        in.indexedThrough(),
        in.asOf(),
        parts,
        heavyBytes,
        heavy,
        ArtifactCensus.follow(in.batch(), counts, previous),
        files,
        quarantine);
  }

  /**
   * The processor's {@link StageMetrics}: stateless events in, artifact versions written out,
   * conflicting duplicates found against history quarantined.
   */
  public static StageMetrics metrics(StateManifest m, long durationMs, IoCounts io) {
    long conflicting = m.counts().getOrDefault(CountNames.QUARANTINED, 0L);
    return new StageMetrics(
        LedgerNames.STAGE_PROCESS,
        Layout.seq(m.batch()),
        m.counts().getOrDefault(CountNames.EVENTS, 0L),
        m.counts().getOrDefault(CountNames.ARTIFACTS, 0L),
        new TreeMap<>(Map.of(QuarantineReason.CONFLICTING_DUPLICATE.name(), conflicting)),
        durationMs,
        io);
  }

  /**
   * Writes the manifest last, or for an already committed batch checks the rerun matches it and
   * writes nothing (its part-files may be indexed already).
   */
  public static void commit(
      ObjectStore store,
      BatchLedger ledger,
      StateManifest manifest,
      Optional<StateManifest> committed) {
    if (committed.isPresent()) {
      if (!committed.get().equals(manifest)) {
        throw new NonDeterministicRerunException(
            "rerun of batch "
                + manifest.batch()
                + " differs from its committed manifest: "
                + manifest.counts()
                + " vs "
                + committed.get().counts());
      }
      LOG.info(
          "batch {} was already committed; the rerun reproduced it byte for byte",
          manifest.batch());
      return;
    }
    store.put(Layout.stateManifest(manifest.batch()), manifest.toJson());
    Map<String, Long> counts = new TreeMap<>();
    manifest.counts().forEach((k, v) -> counts.put(COUNT_PREFIX + k, v));
    LedgerUpdates.update(
        ledger, BatchKind.STATEFUL, Layout.seq(manifest.batch()), r -> r.withCounts(counts));
  }

  /** (artifactId, bytes) per contribution. */
  static final class KeyWeight implements PairFunction<Contribution, String, Long> {
    @Override
    public Tuple2<String, Long> call(Contribution c) {
      return new Tuple2<>(c.artifactId, c.weight());
    }
  }

  static final class SumLongs implements Function2<Long, Long, Long> {
    @Override
    public Long call(Long a, Long b) {
      return a + b;
    }
  }

  static final class HeavierThan implements Function<Tuple2<String, Long>, Boolean> {
    private final long threshold;

    HeavierThan(long threshold) {
      this.threshold = threshold;
    }

    @Override
    public Boolean call(Tuple2<String, Long> t) {
      return t._2() > threshold;
    }
  }

  /** Shuffle key: route and sort position. */
  static final class KeyByRoute
      implements PairFunction<Contribution, ContributionKey, Contribution> {
    private final Routes routes;

    KeyByRoute(Routes routes) {
      this.routes = routes;
    }

    @Override
    public Tuple2<ContributionKey, Contribution> call(Contribution c) {
      return new Tuple2<>(ContributionKey.of(routes.route(c.artifactId), c), c);
    }
  }
}
