package dev.recon.bench;

import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.ReconTables;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.cost.BatchCost;
import dev.recon.core.cost.BatchUsage;
import dev.recon.core.cost.CostModel;
import dev.recon.core.cost.CostService;
import dev.recon.core.cost.PriceTable;
import dev.recon.core.layout.Layout;
import dev.recon.core.metrics.CountingArtifactIndex;
import dev.recon.core.metrics.CountingObjectStore;
import dev.recon.core.metrics.IoCounters;
import dev.recon.core.metrics.IoCounts;
import dev.recon.core.metrics.IoMetric;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.Event;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.rules.ArtifactMerger;
import dev.recon.local.EmbeddedStack;
import dev.recon.local.LocalHomes;
import dev.recon.runtime.LocalPipeline;
import dev.recon.spark.ReconSpark;
import dev.recon.stepfunctions.Definitions;
import dev.recon.stepfunctions.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * One bench run on fresh embedded stacks: the full cycle beside the transactional design, the same
 * batch at 1× and 10× stored keys, a full recompute of the larger history, the indexer beside raw
 * conditional writes, Redis writes, and lookups with and without the cache.
 */
public final class Bench {
  /** Events per landed input object. */
  static final int EVENTS_PER_INPUT = 100_000;

  /** Artifacts per pre-populated part-file. */
  static final int ARTIFACTS_PER_PART = 20_000;

  private final BenchConfig config;
  private final Consumer<String> log;
  private final TenantRoute route;
  private SparkSession spark;
  private final Map<String, String> details = new LinkedHashMap<>();

  /** {@code route}: the HTTP route whose lookups are timed beside the bare query (issue 15). */
  public Bench(BenchConfig config, Consumer<String> log, TenantRoute route) {
    this.config = config;
    this.log = log;
    this.route = java.util.Objects.requireNonNull(route, "route");
  }

  /** Wall time per task of one cycle, by step name. */
  static final class StageTimes {
    final Map<String, AtomicLong> nanos = new ConcurrentHashMap<>();

    LocalPipeline.Faults faults() {
      return (key, handler) ->
          input -> {
            long t0 = System.nanoTime();
            try {
              return handler.handle(input);
            } finally {
              nanos.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(System.nanoTime() - t0);
            }
          };
    }

    double seconds(String key) {
      AtomicLong n = nanos.get(key);
      return n == null ? 0 : n.get() / 1e9;
    }

    String summary() {
      StringBuilder b = new StringBuilder();
      nanos.forEach(
          (k, v) ->
              b.append(b.length() == 0 ? "" : ", ")
                  .append(short_(k))
                  .append(' ')
                  .append(String.format(Locale.ROOT, "%.1f s", v.get() / 1e9)));
      return b.toString();
    }

    private static String short_(String key) {
      return key.replace("recon-", "").replace("FunctionArn", "");
    }
  }

  /**
   * One timed cycle. {@code newObjects}: objects in the store after it and not before; {@code
   * putRequests}: the S3 PUT requests the stages counted themselves (their ledger metrics, a
   * multipart upload counting every part), so the bench counts PUTs as S3 bills them.
   */
  record Cycle(double seconds, StageTimes stages, long newObjects, long putRequests) {
    long puts() {
      return Math.max(newObjects, putRequests);
    }
  }

  public BenchResult run() {
    HeapStats.resetPeaks();
    Path work = config.work().toAbsolutePath().normalize();
    try {
      LocalHomes.wipe(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    spark = ReconSpark.session("recon-bench");
    Map<String, Double> f = new LinkedHashMap<>();
    // One stack; each phase gets its own S3 prefix, Redis prefix and DynamoDB tables, so phases
    // never see each other's state and the stack starts once.
    // DynamoDB Local in memory: the bench measures recon and the designs it replaces, not
    // SQLite committing each write to disk (nothing of a bench stack is reused).
    try (EmbeddedStack stack =
        EmbeddedStack.builder(work.resolve("stack")).inMemoryDynamoDb().start()) {
      // 0. warm-up, not measured: the batch's shape once, so neither history cycle pays for JIT
      try (AwsClientFactory c = phase(stack, "warmup")) {
        land(c.objectStore(), "hb", config.historyBatchEvents(), config.historyBatchKeys(), 10);
        cycle(c);
      }
      // 1. the same batch at 1× and 10× stored keys, rounds interleaved (1×, 10×, 1×, 10×, …) so a
      // change of machine load hits both sides alike; the median round of each side counts
      double t1;
      double t10;
      try (AwsClientFactory c1 = phase(stack, "history1x");
          AwsClientFactory c10 = phase(stack, "history10x")) {
        prepareHistory(c1, config.historyKeys());
        prepareHistory(c10, config.historyKeys() * 10);
        double[] r1 = new double[config.historyRounds()];
        double[] r10 = new double[config.historyRounds()];
        for (int r = 0; r < config.historyRounds(); r++) {
          r1[r] = historyRound(c1, config.historyKeys(), r);
          r10[r] = historyRound(c10, config.historyKeys() * 10, r);
        }
        t1 = median(r1);
        t10 = median(r10);
      }
      f.put("history_growth_ratio", t10 / t1);

      // 2. recompute everything from the full 10× history, no prior state
      double full;
      try (AwsClientFactory c = phase(stack, "full")) {
        int stored = config.historyKeys() * 10;
        log.accept(
            String.format(
                "full recompute: %,d history + %,d batch events",
                2L * stored, config.historyBatchEvents()));
        land(c.objectStore(), "hist", 2 * stored, stored, 0);
        land(c.objectStore(), "hb", config.historyBatchEvents(), config.historyBatchKeys(), 10);
        Cycle cycle = cycle(c);
        full = cycle.seconds();
        details.put(
            "full recompute of " + stored + " keys",
            String.format(Locale.ROOT, "%.1f s (%s)", full, cycle.stages().summary()));
      }
      f.put("full_recompute_speedup", full / t10);

      // 3. the full cycle, the transactional design, indexer vs raw DynamoDB, Redis, lookups
      try (AwsClientFactory c = phase(stack, "cycle")) {
        cyclePhase(c, f);
      }

      // 4. the reducer beside the Spark job a user would write instead, and the raw limit; then
      // the same input on 1 and 2 executor JVMs (the local session stops first: one SparkContext
      // per JVM, and nothing after this uses Spark)
      try (AwsClientFactory c = phase(stack, "reducer")) {
        String key = new ReducerBench(config, spark, log, details).run(c, f);
        spark.stop();
        spark = null;
        new ExecutorScaling(config, log, details).run(c, key, config.cycleEvents(), f);
      }
      // 5. one batch's matching at 1× and 10× open items, beside an exact hash join
      new MatchBench(config, log, details).run(f);
    }
    f.put("peak_heap_mb", HeapStats.peakHeapMb());
    return new BenchResult(f, details);
  }

  /** Clients on the stack with a prefix and tables of their own. */
  private static AwsClientFactory phase(EmbeddedStack stack, String name) {
    ReconSettings base = stack.settings();
    AwsClientFactory c =
        new AwsClientFactory(
            base.toBuilder()
                .prefix(name)
                .indexTable(base.indexTable() + "-" + name)
                .ledgerTable(base.ledgerTable() + "-" + name)
                .build());
    ReconTables.ensureAll(c);
    return c;
  }

  private void cyclePhase(AwsClientFactory c, Map<String, Double> f) {
    log.accept(
        String.format(
            "cycle: landing %,d events over %,d keys", config.cycleEvents(), config.cycleKeys()));
    land(c.objectStore(), "cyc", config.cycleEvents(), config.cycleKeys(), 0);
    Cycle cycle = cycle(c);
    double reconRate = config.cycleEvents() / cycle.seconds();
    details.put("cycle stages", cycle.stages().summary());
    details.put("cycle: S3 objects written by recon", Long.toString(cycle.newObjects()));
    details.put(
        "cycle: S3 PUT requests counted by recon's stages", Long.toString(cycle.putRequests()));

    double indexSeconds = cycle.stages().seconds(Definitions.INDEXER_COORDINATOR_FUNCTION_ARN);
    double indexerRate = config.cycleKeys() / indexSeconds;
    double rawRate = rawConditionalWrites(c.artifactIndex());
    details.put("indexer entries/s (coordinator, 4 in-process workers)", rate(indexerRate));
    details.put("raw conditional PutItem/s (" + config.threads() + " threads)", rate(rawRate));

    log.accept(String.format("transactional design: %,d events", config.transactionalEvents()));
    IoCounters txnIo = new IoCounters();
    double txnSeconds =
        new TransactionalBaseline(config)
            .run(
                new CountingObjectStore(c.objectStore(), txnIo),
                new CountingArtifactIndex(c.artifactIndex(), txnIo));
    double txnRate = config.transactionalEvents() / txnSeconds;
    double txnPutsPerEvent =
        (double) txnIo.snapshot().get(IoMetric.S3_PUT_REQUESTS) / config.transactionalEvents();
    double txnPuts = txnPutsPerEvent * config.cycleEvents();
    details.put(
        "transactional events/s ("
            + config.threads()
            + " threads, measured on "
            + config.transactionalEvents()
            + " events)",
        rate(txnRate));
    details.put(
        "transactional S3 PUTs per event", String.format(Locale.ROOT, "%.2f", txnPutsPerEvent));
    details.put("recon events/s (cycle)", rate(reconRate));

    costs(c, txnIo.snapshot(), f);

    f.put("transactional_speedup", reconRate / txnRate);
    f.put("s3_put_reduction_pct", 100.0 * (1 - cycle.puts() / txnPuts));
    f.put("indexer_vs_raw_ddb", indexerRate / rawRate);
    f.put("cycle_events", (double) config.cycleEvents());
    f.put("cycle_seconds", cycle.seconds());
    f.put(
        "spark_stages_seconds_2m",
        cycle.stages().seconds(Definitions.REDUCER_STEP)
            + cycle.stages().seconds(Definitions.PREFETCHER_STEP)
            + cycle.stages().seconds(Definitions.PROCESSOR_STEP));
    f.put("redis_artifacts_per_s", redisRate(c.artifactCache()));
    lookups(c, f);
  }

  /**
   * Dollars per million events. recon: what the cycle's batches recorded when they finished (the
   * backlog manager prices each from its stages' own counts and wall times with the bundled table),
   * over the cycle's events. The transactional design: the requests it was counted making (an index
   * read, an S3 GET of the prior version when there is one, an S3 PUT of the artifact and an index
   * write per event), priced with the same table, over its events; its compute is not priced, so
   * its figure is a lower bound.
   */
  private void costs(AwsClientFactory c, IoCounts txnRequests, Map<String, Double> f) {
    BatchCost recon = BatchCost.ZERO;
    long unpriced = 0;
    for (BatchKind kind : List.of(BatchKind.STATELESS, BatchKind.STATEFUL)) {
      for (LedgerRecord r : c.batchLedger().list(kind)) {
        var cost = BatchCost.fromLedger(r);
        if (cost.isPresent()) {
          recon = recon.plus(cost.get());
        } else {
          unpriced++;
        }
      }
    }
    BatchCost txn = new CostModel(PriceTable.BUNDLED).estimate(BatchUsage.ofRequests(txnRequests));
    BigDecimal million = BigDecimal.valueOf(1_000_000);
    BigDecimal reconPerMillion =
        recon
            .total()
            .multiply(million)
            .divide(BigDecimal.valueOf(config.cycleEvents()), 6, java.math.RoundingMode.HALF_UP);
    BigDecimal txnPerMillion =
        txn.total()
            .multiply(million)
            .divide(
                BigDecimal.valueOf(config.transactionalEvents()),
                6,
                java.math.RoundingMode.HALF_UP);
    details.put("cycle: batches without a recorded cost", Long.toString(unpriced));
    details.put("cycle: recon's recorded cost, by service", byService(recon));
    details.put(
        "transactional requests (" + config.transactionalEvents() + " events)",
        String.format(
            Locale.ROOT,
            "S3 PUT %d, GET %d; DynamoDB writes %d, reads %d; priced %s",
            txnRequests.get(IoMetric.S3_PUT_REQUESTS),
            txnRequests.get(IoMetric.S3_GET_REQUESTS),
            txnRequests.get(IoMetric.DYNAMODB_WRITES),
            txnRequests.get(IoMetric.DYNAMODB_READS),
            byService(txn)));
    details.put("price table", PriceTable.BUNDLED.id());
    f.put("usd_per_million_events", reconPerMillion.doubleValue());
    f.put("transactional_usd_per_million_events", txnPerMillion.doubleValue());
  }

  private static String byService(BatchCost cost) {
    StringBuilder b = new StringBuilder(BatchCost.display(cost.total())).append(" (");
    for (CostService s : CostService.values()) {
      b.append(s == CostService.S3 ? "" : ", ")
          .append(s.key())
          .append(' ')
          .append(BatchCost.display(cost.get(s)));
    }
    return b.append(')').toString();
  }

  private static String rate(double r) {
    return String.format(Locale.ROOT, "%,.0f", r);
  }

  // ---- the cycle ----

  private Cycle cycle(AwsClientFactory c) {
    Set<String> before = new HashSet<>();
    c.objectStore().list("").forEach(o -> before.add(o.key()));
    long putsBefore = stagePutRequests(c);
    StageTimes stages = new StageTimes();
    LocalPipeline pipeline =
        new LocalPipeline(c, spark, Sleeper.none(), line -> {}, stages.faults());
    long t0 = System.nanoTime();
    LocalPipeline.Summary s = pipeline.runUntilIdle();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!s.ok()) {
      throw new IllegalStateException(
          "cycle failed: " + s.failures().get(0).error() + " " + s.failures().get(0).cause());
    }
    long written =
        c.objectStore().list("").stream()
            .map(ObjectInfo::key)
            .filter(k -> !before.contains(k))
            .count();
    log.accept(String.format("  cycle %.1f s (%s)", seconds, stages.summary()));
    return new Cycle(seconds, stages, written, stagePutRequests(c) - putsBefore);
  }

  /** S3 PUT requests every stage recorded in this phase's ledger so far. */
  static long stagePutRequests(AwsClientFactory c) {
    long puts = 0;
    for (BatchKind kind : BatchKind.values()) {
      for (LedgerRecord r : c.batchLedger().list(kind)) {
        for (StageMetrics m : StageMetrics.allFromLedger(r)) {
          puts += m.io().get(IoMetric.S3_PUT_REQUESTS);
        }
      }
    }
    return puts;
  }

  /** Lands {@code events} events of stream {@code tag} as input objects in hour {@code hour}. */
  void land(ObjectStore store, String tag, int events, int keys, int hour) {
    Instant start = EventGenerator.BASE.plusSeconds(3600L * (24 + hour));
    Instant end = start.plusSeconds(3600);
    for (int from = 0, n = 0; from < events; from += EVENTS_PER_INPUT, n++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = from; i < Math.min(events, from + EVENTS_PER_INPUT); i++) {
        out.writeBytes(CanonicalJson.encode(EventGenerator.event(tag, config.seed(), i, keys)));
        out.write('\n');
      }
      store.put(
          Layout.inputKey(start, tag + "-" + n, false),
          out.toByteArray(),
          Map.of(
              Layout.META_WINDOW_START, start.toString(), Layout.META_WINDOW_END, end.toString()));
    }
  }

  // ---- history growth ----

  /**
   * A real first cycle (so stored artifacts can carry version 1), then {@code storedKeys} stored
   * keys.
   */
  private void prepareHistory(AwsClientFactory c, int storedKeys) {
    land(c.objectStore(), "seed", 1, 1, 0);
    cycle(c);
    log.accept(String.format("history: storing %,d keys", storedKeys));
    long t0 = System.nanoTime();
    prepopulate(c, storedKeys);
    details.put(
        "pre-population of " + storedKeys + " keys, seconds",
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
  }

  /** Round {@code round}: a fresh batch (its own event ids) over the same stored keys, timed. */
  private double historyRound(AwsClientFactory c, int storedKeys, int round) {
    land(
        c.objectStore(),
        "hb" + round,
        config.historyBatchEvents(),
        config.historyBatchKeys(),
        10 + round);
    Cycle cycle = cycle(c);
    details.put(
        "history cycle at " + storedKeys + " stored keys, round " + (round + 1),
        String.format(Locale.ROOT, "%.1f s (%s)", cycle.seconds(), cycle.stages().summary()));
    return cycle.seconds();
  }

  static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** Two history events per key, merged as version 1: the artifacts a full recompute rebuilds. */
  ReconciliationArtifact historyArtifact(ArtifactMerger merger, int k, int storedKeys) {
    List<Event> events =
        List.of(
            EventGenerator.event("hist", config.seed(), k, storedKeys),
            EventGenerator.event("hist", config.seed(), k + storedKeys, storedKeys));
    return merger
        .merge(null, null, List.of(stateless(events)), 1, EventGenerator.BASE.plusSeconds(86_400))
        .artifact();
  }

  static StatelessArtifact stateless(List<Event> events) {
    TreeMap<String, BigDecimal> debits = new TreeMap<>();
    TreeMap<String, BigDecimal> credits = new TreeMap<>();
    for (Event e : events) {
      (e.side() == Side.DEBIT ? debits : credits).merge(e.currency(), e.amount(), BigDecimal::add);
    }
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Event.ORDER);
    return new StatelessArtifact(events.get(0).artifactId(), 1, sorted, debits, credits);
  }

  private void prepopulate(AwsClientFactory c, int storedKeys) {
    ArtifactMerger merger = new ArtifactMerger(c.settings().rules());
    ObjectStore store = c.objectStore();
    ArtifactCache cache = c.artifactCache();
    ExecutorService pool = Executors.newFixedThreadPool(config.threads());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int from = 0, part = 0; from < storedKeys; from += ARTIFACTS_PER_PART, part++) {
        int lo = from;
        int hi = Math.min(storedKeys, from + ARTIFACTS_PER_PART);
        String partFile = Layout.STATE + "bench-history/" + Layout.part(part);
        done.add(
            pool.submit(
                () -> {
                  ByteArrayOutputStream out = new ByteArrayOutputStream();
                  List<IndexEntry> entries = new ArrayList<>(hi - lo);
                  List<CachedArtifact> cached = new ArrayList<>(hi - lo);
                  for (int k = lo; k < hi; k++) {
                    ReconciliationArtifact a = historyArtifact(merger, k, storedKeys);
                    byte[] bytes = CanonicalJson.encode(a);
                    entries.add(
                        new IndexEntry(a.artifactId(), partFile, out.size(), bytes.length, 1));
                    cached.add(new CachedArtifact(a.artifactId(), 1, bytes));
                    out.writeBytes(bytes);
                    out.write('\n');
                  }
                  store.put(partFile, out.toByteArray());
                  BatchWrites.indexEntries(c, entries);
                  cache.putAll(cached);
                  return null;
                }));
      }
      BenchThreads.await(done);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- DynamoDB, Redis, lookups ----

  /** Conditional PutItems of fresh ids on the same index table, {@code threads} writers. */
  double rawConditionalWrites(ArtifactIndex index) {
    int n = config.rawDdbWrites();
    return n
        / BenchThreads.secondsOnThreads(
            config.threads(),
            thread -> {
              for (int i = thread; i < n; i += config.threads()) {
                index.putIfNewer(
                    new IndexEntry("raw-" + i, "state/raw/part-00000.jsonl", 0, 100, 1));
              }
            });
  }

  double redisRate(ArtifactCache cache) {
    ArtifactMerger merger = new ArtifactMerger(dev.recon.core.config.RulesConfig.DEFAULTS);
    List<CachedArtifact> all = new ArrayList<>(config.redisArtifacts());
    for (int k = 0; k < config.redisArtifacts(); k++) {
      ReconciliationArtifact a = historyArtifact(merger, k, config.redisArtifacts());
      all.add(new CachedArtifact("redis-" + a.artifactId(), 1, CanonicalJson.encode(a)));
    }
    long t0 = System.nanoTime();
    for (int from = 0; from < all.size(); from += 1_000) {
      cache.putAll(all.subList(from, Math.min(all.size(), from + 1_000)));
    }
    return all.size() / ((System.nanoTime() - t0) / 1e9);
  }

  private void lookups(AwsClientFactory c, Map<String, Double> f) {
    int maxId = c.settings().rules().maxIdLength();
    ArtifactQuery cached =
        new ArtifactQuery(c.artifactIndex(), c.objectStore(), c.artifactCache(), maxId);
    ArtifactQuery uncached = new ArtifactQuery(c.artifactIndex(), c.objectStore(), null, maxId);
    SplittableRandom r = new SplittableRandom(config.seed());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < config.lookups(); i++) {
      ids.add(EventGenerator.key(r.nextInt(config.cycleKeys())));
    }
    ids.forEach(
        id -> cached.lookup(id).orElseThrow()); // warm: every copy in Redis, clients connected
    long[] gc0 = gc();
    double[] hit = time(ids, id -> cached.lookup(id).orElseThrow());
    long[] gc1 = gc();
    details.put(
        "GC in the bench JVM during the cached lookups (DynamoDB Local and Redis run in child processes)",
        String.format(Locale.ROOT, "%d collections, %d ms", gc1[0] - gc0[0], gc1[1] - gc0[1]));
    double[] miss = time(ids, id -> uncached.lookup(id).orElseThrow());
    f.put("lookup_p50_ms_cached", Percentiles.of(hit, 50));
    f.put("lookup_p99_ms_cached", Percentiles.of(hit, 99));
    f.put("lookup_p50_ms_uncached", Percentiles.of(miss, 50));
    f.put("lookup_p99_ms_uncached", Percentiles.of(miss, 99));
    cachedLookupParts(c, ids);
    tenantRouteLookups(c, cached, uncached, ids, f);
  }

  /**
   * What bounds a cached lookup: its two reads timed apart, on the same ids — the index entry (a
   * DynamoDB {@code GetItem}, which says which version is current) and the cached copy of that
   * version (a Redis {@code GET}).
   */
  private void cachedLookupParts(AwsClientFactory c, List<String> ids) {
    double[] index = new double[ids.size()];
    double[] redis = new double[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      long t0 = System.nanoTime();
      IndexEntry e = c.artifactIndex().get(ids.get(i)).orElseThrow();
      long t1 = System.nanoTime();
      c.artifactCache().get(ids.get(i), e.version()).orElseThrow();
      long t2 = System.nanoTime();
      index[i] = (t1 - t0) / 1e6;
      redis[i] = (t2 - t1) / 1e6;
    }
    details.put(
        "cached lookup parts p50 / p99: DynamoDB GetItem, Redis GET",
        String.format(
            Locale.ROOT,
            "%.2f / %.2f ms, %.2f / %.2f ms",
            Percentiles.of(index, 50),
            Percentiles.of(index, 99),
            Percentiles.of(redis, 50),
            Percentiles.of(redis, 99)));
  }

  /**
   * The same lookups through {@code GET /tenants/default/artifacts/{id}} of the real server, with a
   * bearer token (checked against the tokens' hashes on every request) over a kept-alive HTTP/1.1
   * connection read in the calling thread ({@link java.net.HttpURLConnection}, as a script's
   * blocking client does; {@code java.net.http.HttpClient} adds a hand-off to its selector thread
   * per exchange): what the route adds on top of the query is the token check, the tenant's view
   * and the HTTP exchange.
   */
  private void tenantRouteLookups(
      AwsClientFactory c,
      ArtifactQuery cached,
      ArtifactQuery uncached,
      List<String> ids,
      Map<String, Double> f) {
    dev.recon.core.tenant.TenantId tenant = dev.recon.core.tenant.TenantId.DEFAULT;
    double[] hit;
    double[] miss;
    try (TenantRoute.Served s = route.serve(tenant, cached, c.batchLedger())) {
      ids.forEach(id -> get(s, tenant, id)); // warm: the server's code paths and connection
      hit = time(ids, id -> get(s, tenant, id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (TenantRoute.Served s = route.serve(tenant, uncached, c.batchLedger())) {
      ids.subList(0, Math.min(50, ids.size())).forEach(id -> get(s, tenant, id));
      miss = time(ids, id -> get(s, tenant, id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    f.put("tenant_lookup_cached_p99_ms", Percentiles.of(hit, 99));
    f.put("tenant_lookup_uncached_p99_ms", Percentiles.of(miss, 99));
    details.put(
        "tenant route lookups p50 cached / uncached (HTTP, bearer token)",
        String.format(
            Locale.ROOT, "%.2f / %.2f ms", Percentiles.of(hit, 50), Percentiles.of(miss, 50)));
  }

  /** One GET of the route; anything but a 200 with a body fails the bench. */
  private static void get(TenantRoute.Served s, dev.recon.core.tenant.TenantId tenant, String id) {
    java.net.URI uri =
        s.base()
            .resolve(
                "tenants/"
                    + tenant.value()
                    + "/artifacts/"
                    + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
    try {
      java.net.HttpURLConnection http = (java.net.HttpURLConnection) uri.toURL().openConnection();
      http.setRequestProperty("Authorization", "Bearer " + s.token());
      int status = http.getResponseCode();
      byte[] body;
      try (java.io.InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
        body =
            in == null ? new byte[0] : in.readAllBytes(); // read to the end: the connection is kept
      }
      if (status != 200 || body.length == 0) {
        throw new IllegalStateException("tenant route lookup of " + id + " answered " + status);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Collections and milliseconds spent collecting so far, over every collector of this JVM. */
  private static long[] gc() {
    long n = 0;
    long ms = 0;
    for (var b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, b.getCollectionCount());
      ms += Math.max(0, b.getCollectionTime());
    }
    return new long[] {n, ms};
  }

  /** Milliseconds of {@code lookup} on each id, in order. */
  private static double[] time(List<String> ids, Consumer<String> lookup) {
    double[] ms = new double[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      long t0 = System.nanoTime();
      lookup.accept(ids.get(i));
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    return ms;
  }
}
