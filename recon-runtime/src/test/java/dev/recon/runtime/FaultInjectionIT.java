package dev.recon.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.contract.StateManifest;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.testing.EventGenerator;
import dev.recon.indexer.CoordinatorService;
import dev.recon.indexer.WorkerProgress;
import dev.recon.local.junit.EmbeddedStackExtension;
import dev.recon.processor.ProcessorHooks;
import dev.recon.spark.SharedSpark;
import dev.recon.stepfunctions.Definitions;
import dev.recon.stepfunctions.Sleeper;
import dev.recon.stepfunctions.TaskFailure;
import dev.recon.stepfunctions.TaskHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many cycles of the real workflows with one injected fault per cycle, recovered through the normal
 * workflow only (declared retries, {@code retryFailed}, the next {@code runUntilIdle}). After every
 * cycle the artifacts of the faulty stack must be byte-identical to those of a fault-free stack fed
 * the very same input batches (same keys, same windows), and every balance must equal the
 * independent sum of {@link EventGenerator#expectedBalances}.
 *
 * <p>Each fault is real, in the real code path: task failures around a step ({@link
 * LocalPipeline.Faults#wrap}), an executor lost inside the processor job ({@link ProcessorHooks}),
 * an indexer worker dying part-way through its slice (its cache port), and DynamoDB throttling and
 * S3 server errors returned by the SDK clients themselves ({@link AwsFaultInterceptor}, reaching
 * the Spark executors' clients too), so the declared retries — the SDK retry strategy, {@code
 * RetryingObjectStore}, the coordinator's re-invocations, the ASL retriers, {@code retryFailed} —
 * are what recovers.
 *
 * <p>CI runs {@value #CI_CYCLES} cycles with a fixed seed, one per {@link FaultPoint} in order, so
 * every point fires at least once; {@code -Drecon.soak.cycles=200} (and {@code
 * -Drecon.soak.seed=…}) runs a long soak whose later cycles draw fault points (and burst offsets)
 * at random. {@code -Drecon.faults.points=DDB_THROTTLING,S3_SERVER_ERRORS} restricts a run to the
 * points chosen (one cycle each unless {@code recon.soak.cycles} says more).
 */
class FaultInjectionIT {
  @RegisterExtension static final EmbeddedStackExtension FAULTY = new EmbeddedStackExtension();
  @RegisterExtension static final EmbeddedStackExtension REFERENCE = new EmbeddedStackExtension();

  private static final int CI_CYCLES = 15;
  private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every fault this suite injects; one per cycle. */
  enum FaultPoint {
    /**
     * The reducer's EMR step fails before any work with a retryable EMR error (retried as
     * declared).
     */
    REDUCER_BEFORE_WORK,
    /**
     * The reducer commits its stateless batch (manifest written), then its step fails (retried: a
     * no-op rerun).
     */
    REDUCER_AFTER_COMMIT,
    /** The prefetcher fails before any work (unretryable): FAILURE, then {@code retryFailed}. */
    PREFETCHER_BEFORE_WORK,
    /**
     * The prefetcher commits prefetch/N, then its step fails: FAILURE, then {@code retryFailed}.
     */
    PREFETCHER_AFTER_COMMIT,
    /** The processor fails before any work: FAILURE, then {@code retryFailed}. */
    PROCESSOR_BEFORE_WORK,
    /**
     * The processor commits state/N (part-files and manifest), then its step fails: the rerun must
     * verify, not move, bytes.
     */
    PROCESSOR_AFTER_COMMIT,
    /**
     * The indexer coordinator indexes (DynamoDB and Redis writes done), then fails with a Lambda
     * service error: retried.
     */
    COORDINATOR_AFTER_WRITES_RETRIED,
    /**
     * The indexer coordinator indexes, then fails with an unretryable error: FAILURE, then {@code
     * retryFailed}.
     */
    COORDINATOR_AFTER_WRITES_FAILED,
    /**
     * Every third backlog-manager call fails with {@link StoreUnavailableException} before doing
     * anything: retried as declared.
     */
    BACKLOG_UNAVAILABLE_BEFORE,
    /**
     * A backlog-manager call commits its ledger writes and then reports {@link
     * StoreUnavailableException} (outcome unknown): retried.
     */
    BACKLOG_UNAVAILABLE_AFTER,
    /**
     * Redis unreachable for the whole cycle (Lambdas and Spark jobs): the pipeline goes on without
     * the cache.
     */
    REDIS_UNAVAILABLE,
    /**
     * The processor job loses an executor right after the first of its part-files is uploaded (the
     * others not yet written, no manifest): the step fails, FAILURE, then {@code retryFailed}
     * reruns it, and it must write the very same part-files and manifest.
     */
    PROCESSOR_AFTER_SOME_PARTS,
    /**
     * An indexer worker dies in its second round: after the index and cache entries of its first
     * part-file and the index entries of its second, before their cache entries. The other workers
     * succeed; the coordinator re-invokes the dead one (same execution), which must refill the
     * cache.
     */
    INDEXER_WORKER_AFTER_SOME_WRITES,
    /**
     * A burst of DynamoDB throttling errors (ProvisionedThroughputExceeded, ThrottlingException)
     * returned by the SDK client to every caller of the index and ledger (Lambdas, Spark
     * executors): retried by the SDK's retry strategy, the cycle succeeds without a failed step.
     */
    DDB_THROTTLING,
    /**
     * A burst of S3 errors — 503 SlowDown, 500 InternalError (one after a PutObject was applied),
     * dropped connections — returned by the SDK client: retried by the SDK and {@code
     * RetryingObjectStore}, the cycle succeeds without a failed step.
     */
    S3_SERVER_ERRORS
  }

  /**
   * Points recovered by the declared retries inside the step: the first run of the cycle must
   * already succeed.
   */
  private static final Set<FaultPoint> RETRIED_IN_STEP =
      EnumSet.of(
          FaultPoint.INDEXER_WORKER_AFTER_SOME_WRITES,
          FaultPoint.DDB_THROTTLING,
          FaultPoint.S3_SERVER_ERRORS);

  private final List<Event> accepted = new ArrayList<>();

  @Test
  void
      cycles_shouldYieldByteIdenticalArtifacts_whenFaultsAreInjectedAndRecoveredThroughTheWorkflow() {
    FaultPoint[] points = chosenPoints();
    int cycles =
        Integer.getInteger(
            "recon.soak.cycles",
            points.length == FaultPoint.values().length ? CI_CYCLES : points.length);
    long seed = Long.getLong("recon.soak.seed", 20261122L);
    Random random = new Random(seed);
    EventGenerator gen = new EventGenerator(seed);

    AwsClientFactory faulty = FAULTY.clients();
    Armed armed = new Armed(faulty.settings());
    AwsClientFactory reference = REFERENCE.clients();
    LocalPipeline referencePipeline =
        new LocalPipeline(reference, SharedSpark.session(), Sleeper.none(), line -> {});
    LocalPipeline faultyPipeline =
        new LocalPipeline(faulty, SharedSpark.session(), Sleeper.none(), line -> {}, armed);
    Set<FaultPoint> fired = EnumSet.noneOf(FaultPoint.class);
    long started = System.nanoTime();

    try (AwsClientFactory withoutRedis =
        new AwsClientFactory(
            faulty.settings().toBuilder().redisUri("redis://127.0.0.1:" + closedPort()).build())) {
      LocalPipeline noRedisPipeline =
          new LocalPipeline(withoutRedis, SharedSpark.session(), Sleeper.none(), line -> {}, armed);
      for (int cycle = 0; cycle < cycles; cycle++) {
        FaultPoint point =
            cycle < points.length ? points[cycle] : points[random.nextInt(points.length)];
        long cycleStarted = System.nanoTime();

        // GIVEN the same input batches (ids and windows) landed in both stacks; overlapping keys,
        // re-sends, bad lines
        List<Event> events =
            new ArrayList<>(gen.events(80 + random.nextInt(80), 30 + random.nextInt(30)));
        List<String> extra = new ArrayList<>();
        extra.add(
            new String(
                CanonicalJson.encode(events.get(0)), StandardCharsets.UTF_8)); // exact re-send
        if (cycle > 0) {
          extra.add(
              new String(
                  CanonicalJson.encode(accepted.get(random.nextInt(accepted.size()))),
                  StandardCharsets.UTF_8)); // a re-send of an event applied in an earlier cycle
        }
        extra.add("{\"eventId\":\"broken-" + cycle);
        accepted.addAll(events);
        Instant start = T0.plus(Duration.ofHours(cycle));
        for (AwsClientFactory c : List.of(reference, faulty)) {
          InputBatches.put(
              c.objectStore(),
              "cycle-" + cycle,
              start,
              start.plus(Duration.ofHours(1)),
              events,
              extra);
        }
        assertThat(referencePipeline.runUntilIdle().failures())
            .as("reference cycle %d", cycle)
            .isEmpty();

        // WHEN the faulty stack runs the cycle with the fault armed, then recovers through the
        // workflow
        long indexedBefore = maxVersion(faulty);
        armed.arm(point, random);
        LocalPipeline pipeline =
            point == FaultPoint.REDIS_UNAVAILABLE ? noRedisPipeline : faultyPipeline;
        LocalPipeline.Summary summary = pipeline.runUntilIdle();
        boolean firstRunOk = summary.ok();
        if (point == FaultPoint.PROCESSOR_AFTER_SOME_PARTS
            && KillAfterFirstPart.killedBatch.get() > 0) {
          assertKilledAfterSomeParts(faulty, KillAfterFirstPart.killedBatch.get(), cycle);
        }
        for (int attempt = 0; !summary.ok() && attempt < 3; attempt++) {
          pipeline.runStateful(JSON.createObjectNode().put("retryFailed", true));
          summary = pipeline.runUntilIdle();
        }
        Map<String, Integer> injected = armed.disarm();
        if (armed.fired()) {
          fired.add(point);
        }

        // THEN everything completed, byte for byte as without the fault, with the right balances
        assertThat(summary.failures()).as("cycle %d (%s) after recovery", cycle, point).isEmpty();
        assertThat(faulty.batchLedger().list(BatchKind.STATEFUL))
            .as("cycle %d (%s)", cycle, point)
            .allSatisfy(
                r -> assertThat(r.status()).isIn(BatchStatus.SUCCESS, BatchStatus.CANCELED));
        assertThat(dump(faulty))
            .as("cycle %d (%s): artifacts vs. the fault-free stack", cycle, point)
            .isEqualTo(dump(reference));
        assertBalancesMatchIndependentSums(faulty);
        assertCacheHoldsIndexedBytes(faulty, indexedBefore, point != FaultPoint.REDIS_UNAVAILABLE);
        if (RETRIED_IN_STEP.contains(point)) {
          assertThat(firstRunOk)
              .as("cycle %d (%s): recovered by the retries inside the step", cycle, point)
              .isTrue();
        }
        if (point == FaultPoint.INDEXER_WORKER_AFTER_SOME_WRITES && armed.fired()) {
          assertThat(faulty.batchLedger().list(BatchKind.STATEFUL))
              .filteredOn(
                  r -> r.sequence() > indexedBefore && r.attribute(WorkerProgress.WORKERS) != null)
              .as(
                  "cycle %d: one worker re-invoked once, the others done at their first attempt",
                  cycle)
              .anySatisfy(
                  r ->
                      assertThat(r.count(CoordinatorService.COUNT_PREFIX + "invocations"))
                          .isEqualTo(Long.parseLong(r.attribute(WorkerProgress.WORKERS)) + 1));
        }
        if (point == FaultPoint.PROCESSOR_AFTER_SOME_PARTS && armed.fired()) {
          assertThat(firstRunOk)
              .as("cycle %d: the killed processor step failed its execution", cycle)
              .isFalse();
          long batch = KillAfterFirstPart.killedBatch.get();
          // the other tasks may have finished their parts before Spark cancelled them (local[*]
          // runs them side by side), so the kill may leave any number of parts but the manifest;
          // the rerun's manifest lists every part the kill left, and the batch is committed
          StateManifest rerun = StateManifest.read(faulty.objectStore(), batch).orElseThrow();
          assertThat(rerun.files().stream().map(f -> f.key()).toList())
              .as("cycle %d: the rerun committed every part-file the kill left", cycle)
              .containsAll(KillAfterFirstPart.keysAtKill);
        }
        System.out.printf(
            "FaultInjectionIT: cycle %d %s ok in %d ms%s%n",
            cycle,
            point,
            Duration.ofNanos(System.nanoTime() - cycleStarted).toMillis(),
            injected.isEmpty() ? "" : ", injected " + injected);
      }
    }
    // A digest of everything compared, so runs of two commits can be compared byte for byte.
    System.out.printf(
        "FaultInjectionIT: sha256 of the final artifacts and state objects: %s%n",
        sha256(dump(faulty).toString()));
    System.out.printf(
        "FaultInjectionIT: %d cycles, fault points fired: %s, %d s%n",
        cycles, fired, Duration.ofNanos(System.nanoTime() - started).toSeconds());
    if (cycles >= points.length) {
      assertThat(fired)
          .as("every fault point fired")
          .containsExactlyInAnyOrderElementsOf(EnumSet.copyOf(Arrays.asList(points)));
    }
  }

  /** The points of {@code -Drecon.faults.points} (comma-separated names), else all. */
  private static FaultPoint[] chosenPoints() {
    String chosen = System.getProperty("recon.faults.points", "").trim();
    if (chosen.isEmpty()) {
      return FaultPoint.values();
    }
    return Arrays.stream(chosen.split(","))
        .map(String::trim)
        .map(FaultPoint::valueOf)
        .toArray(FaultPoint[]::new);
  }

  /**
   * Every artifact as the index names it — the entry (part-file, offset, length, version) and its
   * exact bytes — and every object under {@code state/} (part-files, manifests) with its bytes.
   */
  private static Map<String, String> dump(AwsClientFactory clients) {
    Map<String, String> out = new TreeMap<>();
    List<IndexEntry> entries = new ArrayList<>();
    clients.artifactIndex().scan(entries::add);
    for (IndexEntry e : entries) {
      byte[] bytes = clients.objectStore().getRange(e.partFile(), e.offset(), e.length());
      out.put(e.artifactId(), e + "\n" + new String(bytes, StandardCharsets.UTF_8));
    }
    // Every state part-file and manifest too, written or rewritten: a rerun must not have moved a
    // byte.
    for (ObjectInfo o : clients.objectStore().list(Layout.STATE)) {
      out.put(
          "object " + o.key(),
          new String(clients.objectStore().get(o.key()), StandardCharsets.UTF_8));
    }
    return out;
  }

  static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long maxVersion(AwsClientFactory clients) {
    long[] max = {0};
    clients.artifactIndex().scan(e -> max[0] = Math.max(max[0], e.version()));
    return max[0];
  }

  /**
   * A cached copy at the index's version holds exactly the indexed bytes; with Redis up, every
   * artifact indexed in this cycle (version above {@code indexedBefore}) is cached.
   */
  private static void assertCacheHoldsIndexedBytes(
      AwsClientFactory clients, long indexedBefore, boolean redisUp) {
    List<IndexEntry> entries = new ArrayList<>();
    clients.artifactIndex().scan(entries::add);
    Map<String, CachedArtifact> cached =
        clients.artifactCache().getAll(entries.stream().map(IndexEntry::artifactId).toList());
    for (IndexEntry e : entries) {
      CachedArtifact c = cached.get(e.artifactId());
      if (redisUp && e.version() > indexedBefore) {
        assertThat(c).as("cache entry of %s v%d", e.artifactId(), e.version()).isNotNull();
        assertThat(c.version()).as("cached version of %s", e.artifactId()).isEqualTo(e.version());
      }
      if (c != null && c.version() == e.version()) {
        assertThat(c.bytes())
            .as("cached bytes of %s", e.artifactId())
            .isEqualTo(clients.objectStore().getRange(e.partFile(), e.offset(), e.length()));
      }
    }
  }

  /**
   * The processor was killed after one of its part-files: at least that one is there (the other
   * tasks may have finished theirs before they were cancelled), no manifest.
   */
  private static void assertKilledAfterSomeParts(AwsClientFactory clients, long batch, int cycle) {
    List<String> parts =
        clients.objectStore().list(Layout.stateDir(batch)).stream().map(ObjectInfo::key).toList();
    assertThat(parts)
        .as("cycle %d: state/%d after the kill", cycle, batch)
        .doesNotContain(Layout.stateManifest(batch));
    KillAfterFirstPart.keysAtKill = parts.stream().filter(k -> k.endsWith(".jsonl")).toList();
    assertThat(KillAfterFirstPart.keysAtKill)
        .as("cycle %d: part-files written before the kill", cycle)
        .isNotEmpty();
  }

  private void assertBalancesMatchIndependentSums(AwsClientFactory clients) {
    Map<String, Map<String, BigDecimal>> expected = EventGenerator.expectedBalances(accepted);
    ArtifactQuery query =
        new ArtifactQuery(
            clients.artifactIndex(), clients.objectStore(), clients.artifactCache(), 128);
    Map<String, ReconciliationArtifact> found = new LinkedHashMap<>();
    for (String key : expected.keySet()) {
      found.put(key, query.get(key).orElseThrow(() -> new AssertionError("missing " + key)));
    }
    expected.forEach(
        (key, perCurrency) -> {
          assertThat(found.get(key).balances().keySet()).as(key).isEqualTo(perCurrency.keySet());
          perCurrency.forEach(
              (c, b) ->
                  assertThat(found.get(key).balances().get(c))
                      .as(key + " " + c)
                      .isEqualByComparingTo(b));
        });
  }

  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Processor hook: the first part-file committed while armed loses its executor (the task fails
   * after the upload, before returning its result). State is static: Spark deserializes a copy of
   * the hook into every task, in this JVM (local mode).
   */
  static final class KillAfterFirstPart implements ProcessorHooks {
    private static final long serialVersionUID = 1L;
    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final AtomicLong killedBatch = new AtomicLong();
    static volatile List<String> keysAtKill = List.of();

    @Override
    public void afterPartCommitted(long batch, int route) {
      if (ARMED.compareAndSet(true, false)) {
        killedBatch.set(batch);
        throw new IllegalStateException(
            "executor lost after part-file " + route + " of batch " + batch + " (injected)");
      }
    }
  }

  /** The fault of the current cycle; each fires once, so the normal workflow can recover. */
  private static final class Armed implements LocalPipeline.Faults {
    private final ReconSettings settings;
    private volatile FaultPoint point;
    private volatile boolean fired;
    private final AtomicInteger backlogCalls = new AtomicInteger();

    /** Cache writes per indexer worker thread (a worker runs on one thread from start to end). */
    private final Map<String, AtomicInteger> workerRounds = new ConcurrentHashMap<>();

    Armed(ReconSettings settings) {
      this.settings = settings;
    }

    void arm(FaultPoint p, Random random) {
      point = p;
      fired = p == FaultPoint.REDIS_UNAVAILABLE; // the whole cycle runs without Redis
      backlogCalls.set(0);
      workerRounds.clear();
      KillAfterFirstPart.killedBatch.set(0);
      KillAfterFirstPart.ARMED.set(p == FaultPoint.PROCESSOR_AFTER_SOME_PARTS);
      // Bursts stay within what the declared retries absorb even if one call meets them all: fewer
      // SDK errors than the SDK's retries, at most two dropped connections (RetryingObjectStore
      // makes three attempts).
      int burst = Math.min(4, settings.maxRetries());
      if (p == FaultPoint.DDB_THROTTLING) {
        List<AwsFaultInterceptor.Fault> faults = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
          faults.add(
              i % 2 == 0
                  ? AwsFaultInterceptor.Fault.DDB_PROVISIONED_THROUGHPUT_EXCEEDED
                  : AwsFaultInterceptor.Fault.DDB_THROTTLING);
        }
        AwsFaultInterceptor.arm(
            settings.dynamoDbEndpoint(), random.nextInt(50), 3 + random.nextInt(8), faults);
      } else if (p == FaultPoint.S3_SERVER_ERRORS) {
        AwsFaultInterceptor.arm(
            settings.s3Endpoint(),
            random.nextInt(50),
            3 + random.nextInt(8),
            List.of(
                AwsFaultInterceptor.Fault.S3_SLOW_DOWN,
                AwsFaultInterceptor.Fault.S3_INTERNAL_ERROR_AFTER_PUT,
                AwsFaultInterceptor.Fault.CONNECTION_DROPPED,
                AwsFaultInterceptor.Fault.S3_INTERNAL_ERROR,
                AwsFaultInterceptor.Fault.CONNECTION_DROPPED,
                AwsFaultInterceptor.Fault.S3_SLOW_DOWN));
      }
    }

    /**
     * Disarms; returns the SDK-level errors injected this cycle (they, and a processor kill, count
     * as fired).
     */
    Map<String, Integer> disarm() {
      point = null;
      KillAfterFirstPart.ARMED.set(false);
      Map<String, Integer> injected = AwsFaultInterceptor.disarm();
      if (!injected.isEmpty() || KillAfterFirstPart.killedBatch.get() > 0) {
        fired = true;
      }
      return injected;
    }

    boolean fired() {
      return fired;
    }

    private boolean fire(FaultPoint p) {
      synchronized (this) {
        if (point != p || fired) {
          return false;
        }
        fired = true;
        return true;
      }
    }

    @Override
    public ProcessorHooks processorHooks() {
      return new KillAfterFirstPart();
    }

    /**
     * The worker's cache port: in its second round a worker dies after the round's index writes,
     * before the cache writes (a RuntimeException: it records FAILURE, and the coordinator
     * re-invokes it).
     */
    @Override
    public ArtifactCache indexerCache(ArtifactCache cache) {
      return new ArtifactCache() {
        @Override
        public int putAll(Collection<CachedArtifact> artifacts) {
          if (point == FaultPoint.INDEXER_WORKER_AFTER_SOME_WRITES
              && workerRounds
                      .computeIfAbsent(Thread.currentThread().getName(), t -> new AtomicInteger())
                      .incrementAndGet()
                  == 2
              && fire(FaultPoint.INDEXER_WORKER_AFTER_SOME_WRITES)) {
            throw new IllegalStateException(
                "indexer worker died after its index writes, before its cache writes (injected)");
          }
          return cache.putAll(artifacts);
        }

        @Override
        public Map<String, CachedArtifact> getAll(Collection<String> artifactIds) {
          return cache.getAll(artifactIds);
        }

        @Override
        public void close() {
          cache.close();
        }
      };
    }

    @Override
    public TaskHandler wrap(String key, TaskHandler handler) {
      return switch (key) {
        case Definitions.REDUCER_STEP ->
            input -> {
              if (fire(FaultPoint.REDUCER_BEFORE_WORK)) {
                throw new TaskFailure(
                    "ElasticMapReduce.InternalServerException", "EMR unavailable (injected)");
              }
              var out = handler.handle(input);
              if (fire(FaultPoint.REDUCER_AFTER_COMMIT)) {
                throw new TaskFailure(
                    "ElasticMapReduce.InternalServerException",
                    "lost the step's answer (injected)");
              }
              return out;
            };
        case Definitions.PREFETCHER_STEP ->
            stage(handler, FaultPoint.PREFETCHER_BEFORE_WORK, FaultPoint.PREFETCHER_AFTER_COMMIT);
        case Definitions.PROCESSOR_STEP ->
            stage(handler, FaultPoint.PROCESSOR_BEFORE_WORK, FaultPoint.PROCESSOR_AFTER_COMMIT);
        case Definitions.INDEXER_COORDINATOR_FUNCTION_ARN ->
            input -> {
              var out = handler.handle(input);
              if (fire(FaultPoint.COORDINATOR_AFTER_WRITES_RETRIED)) {
                throw new TaskFailure(
                    "Lambda.ServiceException", "coordinator died after its writes (injected)");
              }
              if (fire(FaultPoint.COORDINATOR_AFTER_WRITES_FAILED)) {
                throw new IllegalStateException("coordinator crashed after its writes (injected)");
              }
              return out;
            };
        case Definitions.BACKLOG_MANAGER_FUNCTION_ARN ->
            input -> {
              int call = backlogCalls.incrementAndGet();
              if (point == FaultPoint.BACKLOG_UNAVAILABLE_BEFORE && call % 3 == 0) {
                fired = true;
                throw new StoreUnavailableException(
                    "DynamoDB throttled (injected), call " + call, null);
              }
              var out = handler.handle(input);
              if (call >= 3 && fire(FaultPoint.BACKLOG_UNAVAILABLE_AFTER)) {
                throw new StoreUnavailableException(
                    "timed out after the write (injected): " + input, null);
              }
              return out;
            };
        default -> handler;
      };
    }

    private TaskHandler stage(TaskHandler handler, FaultPoint before, FaultPoint after) {
      return input -> {
        if (fire(before)) {
          throw new TaskFailure("States.TaskFailed", "step killed before its work (injected)");
        }
        var out = handler.handle(input);
        if (fire(after)) {
          throw new TaskFailure("States.TaskFailed", "step killed after its commit (injected)");
        }
        return out;
      };
    }
  }
}
