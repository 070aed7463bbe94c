package dev.recon.reducer;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.contract.InputStat;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.error.ReconException;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.metrics.IoCounts;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.rules.EventValidator;
import dev.recon.spark.SparkIoCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The stateless reducer as small static steps (DESIGN §2–3):
 *
 * <ol>
 *   <li>{@link #describeInputs}: head every input (fails if one is missing) and size the output;
 *   <li>{@link #readInputs}: one task per input split (a gzip or small object whole, a large plain
 *       one in line-aligned byte ranges) streams and validates its lines ({@link
 *       InputObjectReader}, {@link InputSplit});
 *   <li>{@link #resolveDuplicates}: shuffle by eventId, resolve copies ({@link DuplicateStep});
 *   <li>{@link #arrangeForOutput}: shuffle by artifactId (events) and input object (quarantine),
 *       sorted — every line of a key lands in one part-file, in event order;
 *   <li>{@link #writeParts}: each partition writes {@code stateless/<S>/artifacts/part-i.jsonl},
 *       {@code stateless/<S>/keys/part-i.txt} and {@code quarantine/<S>/part-i.jsonl} ({@link
 *       PartWriter}), and for a batch whose rule set declares external sources {@code
 *       stateless/<S>/external/part-i.jsonl} (the statement lines, for matching), and reports
 *       sizes, checksums and counts;
 *   <li>{@link #commit}: checks {@code read = accepted + duplicates + quarantined} and writes
 *       {@code stateless/<S>/manifest.json} last.
 * </ol>
 *
 * <p><b>Reruns.</b> If the manifest exists the batch is committed: a rerun with the same inputs
 * returns it untouched (idempotent, never rewrites what a prefetcher may be reading), different
 * inputs are refused. Otherwise whatever an interrupted run left under the batch's prefixes is
 * deleted first, and the run writes every part-file again under the same names. Partitioning,
 * sorting and names depend only on the inputs and the config, so the rerun's bytes equal an
 * uninterrupted run's.
 *
 * <p>The row logic is in plain classes unit-tested without Spark; the functions below only adapt
 * them. Only shuffles of plain rows (no records, no Instants) happen, so Kryo needs no
 * registration.
 */
public final class StatelessReducerPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(StatelessReducerPipeline.class);

  /** Part-files up to this size are uploaded in one PUT, larger ones as multipart. */
  static final long SINGLE_PUT_MAX_BYTES = 32L * 1024 * 1024;

  static final long MULTIPART_PART_BYTES = 16L * 1024 * 1024;

  private StatelessReducerPipeline() {}

  /** Runs the whole batch and returns its manifest (the existing one if already committed). */
  public static StatelessManifest run(
      SparkSession spark, ObjectStoreProvider stores, ReducerConfig config, RulesConfig rules) {
    return run(spark, stores, config, rules, PipelineHooks.NONE);
  }

  public static StatelessManifest run(
      SparkSession spark,
      ObjectStoreProvider stores,
      ReducerConfig config,
      RulesConfig rules,
      PipelineHooks hooks) {
    return runMeasured(spark, stores, config, rules, hooks).manifest();
  }

  /**
   * The manifest and, when this run did the work, the stage's metrics (empty for a committed batch,
   * whose metrics are those of the run that committed it).
   */
  public record Result(StatelessManifest manifest, Optional<StageMetrics> metrics) {}

  /**
   * Runs the batch with every object-store call counted (driver and executors, through a {@link
   * SparkIoCounter}) and returns its metrics: lines read in, events accepted out, quarantined by
   * reason, wall time on the driver.
   */
  public static Result runMeasured(
      SparkSession spark,
      ObjectStoreProvider plainStores,
      ReducerConfig config,
      RulesConfig rules,
      PipelineHooks hooks) {
    long started = System.nanoTime();
    SparkIoCounter io =
        SparkIoCounter.register(spark.sparkContext(), "recon.reduce." + config.statelessBatch());
    ObjectStoreProvider stores = new CountingStoreProvider(plainStores, io);
    ObjectStore store = stores.objectStore();
    Optional<StatelessManifest> committed = committed(store, config.statelessBatch());
    if (committed.isPresent()) {
      StatelessManifest m = committed.get();
      if (!m.inputKeys().equals(config.inputs())) {
        throw new BatchAlreadyCommittedException(
            config.statelessBatch(), m.inputKeys(), config.inputs());
      }
      LOG.info("stateless batch {} is already committed; nothing to do", config.statelessBatch());
      return new Result(m, Optional.empty());
    }
    List<InputStat> inputs = describeInputs(store, config.inputs());
    int partitions = config.outputPartitions(inputs.stream().map(InputStat::bytes).toList());
    clearUncommitted(store, config.statelessBatch());

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<ReducerRow> rows = readInputs(jsc, config, stores, rules, inputs);
    JavaRDD<ReducerRow> resolved = resolveDuplicates(rows, partitions);
    JavaPairRDD<SortKey, ReducerRow> arranged = arrangeForOutput(resolved, partitions);
    List<PartResult> parts = writeParts(arranged, stores, config, hooks);

    StatelessManifest manifest =
        ManifestSummary.summarize(config.statelessBatch(), config.chunkEvents(), parts, inputs);
    hooks.beforeManifest();
    commit(store, manifest);
    long ms = (System.nanoTime() - started) / 1_000_000;
    return new Result(manifest, Optional.of(metrics(manifest, ms, io.snapshot())));
  }

  /** The reducer's {@link StageMetrics}: lines read in, distinct events accepted out. */
  public static StageMetrics metrics(StatelessManifest m, long durationMs, IoCounts io) {
    TreeMap<String, Long> byReason = new TreeMap<>();
    m.counts()
        .forEach(
            (k, v) -> {
              if (k.startsWith(LedgerNames.QUARANTINED_PREFIX)) {
                byReason.put(k.substring(LedgerNames.QUARANTINED_PREFIX.length()), v);
              }
            });
    return new StageMetrics(
        LedgerNames.STAGE_REDUCE,
        Layout.seq(m.statelessBatch()),
        m.count(LedgerNames.READ),
        m.count(LedgerNames.ACCEPTED),
        byReason,
        durationMs,
        io);
  }

  /** Heads every input; a missing one fails the run (a plan naming a deleted object is broken). */
  public static List<InputStat> describeInputs(ObjectStore store, List<String> inputs) {
    List<InputStat> out = new ArrayList<>();
    for (String key : inputs) {
      ObjectInfo info = store.head(key).orElseThrow(() -> new ObjectNotFoundException(key));
      out.add(new InputStat(key, info.size(), 0, true));
    }
    return out;
  }

  public static Optional<StatelessManifest> committed(ObjectStore store, long batch) {
    try {
      return Optional.of(StatelessManifest.decode(store.get(Layout.statelessManifest(batch))));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Deletes what an interrupted run of this (uncommitted) batch left behind, so the set of objects
   * after the rerun is exactly what an uninterrupted run writes.
   */
  public static void clearUncommitted(ObjectStore store, long batch) {
    if (store.head(Layout.statelessManifest(batch)).isPresent()) {
      throw new IllegalStateException(
          "stateless batch " + batch + " is committed; not clearing it");
    }
    for (String prefix : List.of(Layout.statelessDir(batch), Layout.quarantineDir(batch))) {
      for (ObjectInfo o : store.list(prefix)) {
        LOG.info("deleting {} left by an interrupted run", o.key());
        store.delete(o.key());
      }
    }
  }

  /**
   * One partition per {@link InputSplit} (in input order, then byte order), each streamed by an
   * {@link InputObjectReader}. When a plain object is split, a first cheap pass counts the lines
   * starting in each of its ranges (a newline count over ranged GETs, nothing decoded: {@link
   * LineSplits#lineStarts}), so each split numbers its lines as they are numbered in the object.
   *
   * @param inputs the inputs with their stored sizes ({@link #describeInputs}), in config order
   */
  public static JavaRDD<ReducerRow> readInputs(
      JavaSparkContext jsc,
      ReducerConfig config,
      ObjectStoreProvider stores,
      RulesConfig rules,
      List<InputStat> inputs) {
    List<InputSplit> splits = planSplits(jsc, config, stores, inputs);
    return jsc.parallelize(splits, splits.size())
        .flatMap(new ReadInputs(stores, config.maxObjectBytes(), rules, config.externalSources()));
  }

  /** The read tasks, with line counts from a count pass when an object is split. */
  public static List<InputSplit> planSplits(
      JavaSparkContext jsc,
      ReducerConfig config,
      ObjectStoreProvider stores,
      List<InputStat> inputs) {
    List<InputSplit> planned =
        InputSplit.plan(inputs, config.splitBytes(), config.maxObjectBytes());
    List<InputSplit> ranged = planned.stream().filter(s -> !s.whole()).toList();
    if (ranged.isEmpty()) {
      return planned;
    }
    Map<String, Long> sizes = new HashMap<>();
    inputs.forEach(i -> sizes.put(i.key(), i.bytes()));
    List<Long> counts =
        jsc.parallelize(new ArrayList<>(ranged), ranged.size())
            .map(new CountLines(stores, sizes))
            .collect();
    return InputSplit.withLines(planned, counts);
  }

  public static JavaRDD<ReducerRow> resolveDuplicates(JavaRDD<ReducerRow> rows, int partitions) {
    return rows.mapToPair(new DedupKey(partitions))
        .repartitionAndSortWithinPartitions(
            new Partitioning.ByStoredPartition(partitions), SortKey.ORDER)
        .mapPartitionsWithIndex(new ResolveDuplicates(), false);
  }

  public static JavaPairRDD<SortKey, ReducerRow> arrangeForOutput(
      JavaRDD<ReducerRow> rows, int partitions) {
    return rows.mapToPair(new OutputKey(partitions))
        .repartitionAndSortWithinPartitions(
            new Partitioning.ByStoredPartition(partitions), SortKey.ORDER);
  }

  /** Writes every partition's part-files (empty ones too: the set of names is fixed by N). */
  public static List<PartResult> writeParts(
      JavaPairRDD<SortKey, ReducerRow> arranged,
      ObjectStoreProvider stores,
      ReducerConfig config,
      PipelineHooks hooks) {
    return arranged
        .mapPartitionsWithIndex(
            new WriteParts(
                stores, config.statelessBatch(), config.chunkEvents(), config.matches(), hooks),
            false)
        .collect();
  }

  /** Checks the line accounting, then writes the manifest: the last object of the batch. */
  public static void commit(ObjectStore store, StatelessManifest manifest) {
    if (!manifest.balanced()) {
      throw new ReconException(
          "stateless batch "
              + manifest.statelessBatch()
              + " does not account for every line: "
              + manifest.counts());
    }
    store.put(Layout.statelessManifest(manifest.statelessBatch()), manifest.encode());
  }

  static void upload(ObjectStore store, String key, Path file) {
    try {
      long size = Files.size(file);
      if (size <= SINGLE_PUT_MAX_BYTES) {
        store.put(key, Files.readAllBytes(file));
      } else {
        store.putMultipart(key, file, MULTIPART_PART_BYTES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("uploading " + file + " to " + key, e);
    }
  }

  // ------------------------------------------------------------------ Spark functions

  /** Counts the lines starting in one split's range (the count pass). */
  public static final class CountLines implements Function<InputSplit, Long> {
    private static final long serialVersionUID = 1L;
    private final ObjectStoreProvider stores;
    private final HashMap<String, Long> sizes;

    public CountLines(ObjectStoreProvider stores, Map<String, Long> sizes) {
      this.stores = stores;
      this.sizes = new HashMap<>(sizes);
    }

    @Override
    public Long call(InputSplit split) {
      ObjectStore store = stores.objectStore();
      return LineSplits.lineStarts(
          (offset, length) -> store.getRange(split.key(), offset, length),
          sizes.get(split.key()),
          split.start(),
          split.end());
    }
  }

  /**
   * Reads one input split per call (an input's index ranks its copies); the validator is per task
   * (it is not thread-safe).
   */
  public static final class ReadInputs implements FlatMapFunction<InputSplit, ReducerRow> {
    private static final long serialVersionUID = 1L;
    private final ObjectStoreProvider stores;
    private final long maxObjectBytes;
    private final RulesConfig rules;
    private final ArrayList<String> externalSources;

    public ReadInputs(
        ObjectStoreProvider stores,
        long maxObjectBytes,
        RulesConfig rules,
        List<String> externalSources) {
      this.stores = stores;
      this.maxObjectBytes = maxObjectBytes;
      this.rules = rules;
      this.externalSources = new ArrayList<>(externalSources);
    }

    @Override
    public Iterator<ReducerRow> call(InputSplit split) {
      Iterator<ReducerRow> it =
          InputObjectReader.open(
              stores.objectStore(),
              split,
              maxObjectBytes,
              rules,
              new EventValidator(rules, stores.tenant(), new java.util.HashSet<>(externalSources)));
      if (it instanceof InputObjectReader reader) {
        TaskContext ctx = TaskContext.get();
        if (ctx != null) {
          ctx.addTaskCompletionListener(
              (org.apache.spark.util.TaskCompletionListener) c -> reader.close());
        }
      }
      return it;
    }
  }

  public static final class DedupKey implements PairFunction<ReducerRow, SortKey, ReducerRow> {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    public DedupKey(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public Tuple2<SortKey, ReducerRow> call(ReducerRow r) {
      return new Tuple2<>(ShuffleKeys.dedupKey(r, partitions), r);
    }
  }

  public static final class ResolveDuplicates
      implements Function2<Integer, Iterator<Tuple2<SortKey, ReducerRow>>, Iterator<ReducerRow>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<ReducerRow> call(
        Integer partition, Iterator<Tuple2<SortKey, ReducerRow>> rows) {
      return new DuplicateStep(values(rows), partition);
    }
  }

  public static final class OutputKey implements PairFunction<ReducerRow, SortKey, ReducerRow> {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    public OutputKey(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public Tuple2<SortKey, ReducerRow> call(ReducerRow r) {
      return new Tuple2<>(ShuffleKeys.outputKey(r, partitions), r);
    }
  }

  /** Writes one partition to local files, uploads them, returns what it wrote. */
  public static final class WriteParts
      implements Function2<Integer, Iterator<Tuple2<SortKey, ReducerRow>>, Iterator<PartResult>> {
    private static final long serialVersionUID = 1L;
    private final ObjectStoreProvider stores;
    private final long batch;
    private final int chunkEvents;
    private final boolean withExternal;
    private final PipelineHooks hooks;

    public WriteParts(
        ObjectStoreProvider stores,
        long batch,
        int chunkEvents,
        boolean withExternal,
        PipelineHooks hooks) {
      this.stores = stores;
      this.batch = batch;
      this.chunkEvents = chunkEvents;
      this.withExternal = withExternal;
      this.hooks = hooks;
    }

    @Override
    public Iterator<PartResult> call(Integer part, Iterator<Tuple2<SortKey, ReducerRow>> rows) {
      Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "recon-reducer");
      PartWriter.LocalPart local =
          PartWriter.write(values(rows), batch, part, chunkEvents, withExternal, dir);
      try {
        ObjectStore store = stores.objectStore();
        upload(store, local.result().artifacts.key(), local.artifacts());
        upload(store, local.result().keys.key(), local.keys());
        upload(store, local.result().quarantine.key(), local.quarantine());
        if (withExternal) {
          upload(store, local.result().external.key(), local.external());
        }
      } finally {
        local.deleteFiles();
      }
      hooks.afterPartUploaded(part);
      return List.of(local.result()).iterator();
    }
  }

  private static Iterator<ReducerRow> values(Iterator<Tuple2<SortKey, ReducerRow>> rows) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public ReducerRow next() {
        return rows.next()._2();
      }
    };
  }
}
