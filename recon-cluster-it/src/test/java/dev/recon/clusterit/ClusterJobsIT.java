package dev.recon.clusterit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.ReconTables;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.Event;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.testing.EventGenerator;
import dev.recon.local.junit.EmbeddedStackExtension;
import dev.recon.runtime.LocalPipeline;
import dev.recon.spark.SharedSpark;
import dev.recon.stepfunctions.Definitions;
import dev.recon.stepfunctions.EmrStepRequest;
import dev.recon.stepfunctions.Sleeper;
import dev.recon.stepfunctions.TaskFailure;
import dev.recon.stepfunctions.TaskHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three Spark jobs as EMR runs them — each job's shaded jar ({@code
 * <module>-<version>-job.jar}, exactly what {@code deploy.sh} uploads) submitted with {@code
 * spark-submit} to a cluster whose executors are JVMs of their own — against recon's local mode
 * ({@code local[2]}, the job mains in-process), on the same input batches. Each cycle runs the real
 * workflows (the same ASL through {@link LocalPipeline}: backlog manager, indexer); only the three
 * EMR steps differ. After each cycle every object the cluster's world holds, and every index entry,
 * must equal the local run's byte for byte.
 *
 * <p>Cycle 1 lays the ground: both worlds run it on {@code local[2]} (so the cluster's world holds
 * the local run's state, byte for byte, which is checked). Cycle 2 runs on the cluster, over keys
 * that all have state plus keys new in that cycle, and one executor JVM is SIGKILLed in the middle
 * of each job's main stage (the first stage with several tasks, once its first task has ended, the
 * executor that runs one of its remaining tasks): Spark's own task retry must carry every job to
 * success with the very same bytes. Every cluster run has an older AWS SDK v2 ({@code
 * recon.old.awssdk}, 2.25.50) first on the driver's and the executors' classpath, as EMR 7 puts its
 * own SDK there: the job jars relocate theirs, so it must not matter.
 *
 * <p>One cluster (a Master and two Workers of one core each) serves the whole suite.
 */
class ClusterJobsIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CYCLES = 2;
  private static final int INPUTS_PER_CYCLE = 4;

  /** Cycle 1's keys; cycle 2 adds {@link #NEW_KEYS} more, so it has keys without prior state. */
  private static final int KEYS = 400;

  private static final int NEW_KEYS = 80;

  /** The cycle whose steps run on the cluster, with an executor killed in each job. */
  private static final int CLUSTER_CYCLE = 2;

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);

  private static final Map<String, String[]> JOBS =
      Map.of(
          Definitions.REDUCER_STEP,
          new String[] {"stateless-reducer", "dev.recon.reducer.StatelessReducerMain"},
          Definitions.PREFETCHER_STEP,
          new String[] {"prefetcher", "dev.recon.prefetch.PrefetcherMain"},
          Definitions.PROCESSOR_STEP,
          new String[] {"stateful-processor", "dev.recon.processor.ProcessorMain"});

  private static volatile SparkCluster cluster;
  private static CompletableFuture<SparkCluster> starting;
  private static long clusterStartMs;

  /** Starts the cluster in the background: it comes up while cycle 1 runs on local[2]. */
  @BeforeAll
  static void startCluster() {
    starting =
        CompletableFuture.supplyAsync(
            () -> {
              long t0 = System.nanoTime();
              try {
                Path dir = Files.createTempDirectory("recon-spark-cluster-");
                cluster = SparkCluster.start(sparkHome(), dir, 2, 1, 1024);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              clusterStartMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
              System.out.printf(
                  "ClusterJobsIT: cluster %s up in %d ms%n", cluster.masterUrl(), clusterStartMs);
              return cluster;
            });
  }

  /** The cluster, once up (waits for the start begun in {@link #startCluster()}). */
  private static SparkCluster cluster() {
    return starting.join();
  }

  /** Stops the cluster; its folder (logs, the jars each executor fetched) is kept on failure. */
  @AfterAll
  static void stopCluster() {
    if (starting != null) {
      starting.handle((c, e) -> c).join(); // a start still under way finishes before the stop
    }
    if (cluster != null) {
      cluster.close();
      if (passed && !Boolean.getBoolean("recon.cluster.keep")) {
        cluster.deleteFolder();
      }
    }
  }

  private static volatile boolean passed;

  @Test
  void jobs_shouldWriteTheLocalRunsBytes_onACluster_evenWhenAnExecutorIsKilledMidStage() {
    long started = System.nanoTime();
    AwsClientFactory local = world("local");
    AwsClientFactory onCluster = world("cluster");
    ClusterSteps steps = new ClusterSteps(onCluster.settings());
    LocalPipeline localPipeline =
        new LocalPipeline(local, SharedSpark.session(), Sleeper.none(), line -> {});
    LocalPipeline clusterPipeline =
        new LocalPipeline(onCluster, SharedSpark.session(), Sleeper.none(), line -> {}, steps);
    EventGenerator gen = new EventGenerator(20261202L);

    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      // GIVEN the same input batches in both worlds, with overlapping keys and a bad line
      Instant start = T0.plus(Duration.ofHours(cycle));
      for (int i = 0; i < INPUTS_PER_CYCLE; i++) {
        List<Event> events = gen.events(1500, cycle == CLUSTER_CYCLE ? KEYS + NEW_KEYS : KEYS);
        List<String> extra = i == 0 ? List.of("{\"eventId\":\"broken-" + cycle) : List.of();
        for (AwsClientFactory w : List.of(local, onCluster)) {
          putInput(w.objectStore(), "c" + cycle + "-" + i, start, events, extra);
        }
      }
      long t = System.nanoTime();
      assertThat(localPipeline.runUntilIdle().failures()).as("local cycle %d", cycle).isEmpty();
      long localMs = Duration.ofNanos(System.nanoTime() - t).toMillis();

      // WHEN the cluster's world runs the cycle (cycle 2: on the cluster, an executor killed in
      // each job's main stage; cycle 1: on local[2], as the local world)
      steps.onCluster = cycle == CLUSTER_CYCLE;
      steps.killExecutors = cycle == CLUSTER_CYCLE;
      t = System.nanoTime();
      LocalPipeline.Summary summary = clusterPipeline.runUntilIdle();
      long clusterMs = Duration.ofNanos(System.nanoTime() - t).toMillis();

      // THEN it succeeded without a failed step, and every object equals the local run's
      assertThat(summary.failures()).as("cluster cycle %d", cycle).isEmpty();
      if (cycle == CLUSTER_CYCLE) {
        assertThat(steps.submitted)
            .as("cycle %d: the three jobs ran on the cluster", cycle)
            .containsAll(JOBS.keySet());
      }
      Map<String, String> expected = dump(local);
      Map<String, String> actual = dump(onCluster);
      assertThat(actual.keySet()).as("cycle %d: the objects", cycle).isEqualTo(expected.keySet());
      assertThat(actual).as("cycle %d: every object and index entry", cycle).isEqualTo(expected);
      assertThat(expected.keySet())
          .as("cycle %d: each job wrote its outputs", cycle)
          .anyMatch(k -> k.startsWith("object stateless/"))
          .anyMatch(k -> k.startsWith("object prefetch/"))
          .anyMatch(k -> k.startsWith("object state/"))
          .anyMatch(k -> k.startsWith("index "));
      if (cycle == CLUSTER_CYCLE) {
        assertThat(expected.keySet().stream().filter(k -> k.startsWith("index ")).count())
            .as("cycle %d: keys without prior state were indexed too", cycle)
            .isGreaterThan(KEYS);
        assertThat(steps.kills.keySet())
            .as("an executor was killed in each job")
            .containsExactlyInAnyOrderElementsOf(JOBS.keySet());
      }
      System.out.printf(
          "ClusterJobsIT: cycle %d: local %d ms, cluster %d ms (%s), %d objects equal%s%n",
          cycle,
          localMs,
          clusterMs,
          steps.timings,
          expected.size(),
          cycle == CLUSTER_CYCLE ? ", kills " + steps.kills.values() : "");
      steps.submitted.clear();
      steps.timings.clear();
    }
    passed = true;
    System.out.printf(
        "ClusterJobsIT: %d ms in all (cluster start %d ms, beside cycle 1)%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis(), clusterStartMs);
  }

  /** The EMR steps of the cluster's world: spark-submit of the job jar to the cluster. */
  private static final class ClusterSteps implements LocalPipeline.Faults {
    private final ReconSettings settings;
    volatile boolean onCluster;
    volatile boolean killExecutors;
    final List<String> submitted = new ArrayList<>();
    final Map<String, Long> timings = new LinkedHashMap<>();
    final Map<String, ExecutorKiller.Kill> kills = new LinkedHashMap<>();

    ClusterSteps(ReconSettings settings) {
      this.settings = settings;
    }

    @Override
    public TaskHandler wrap(String key, TaskHandler handler) {
      String[] job = JOBS.get(key);
      if (job == null) {
        return handler;
      }
      return request -> {
        if (!onCluster) {
          return handler.handle(request);
        }
        List<String> args = EmrStepRequest.applicationArgs(request);
        String name = job[0] + "-" + String.join("", args).replace("--", "-");
        ExecutorKiller killer = killExecutors ? new ExecutorKiller(cluster()) : null;
        long t = System.nanoTime();
        SparkCluster.Submission s =
            cluster()
                .submit(
                    new SparkCluster.Job(
                        name,
                        jobJar(job[0]),
                        job[1],
                        args,
                        environment(settings),
                        List.of(oldSdk().resolve("*")),
                        Map.of(
                            "spark.executor.extraClassPath", oldSdk().resolve("*").toString(),
                            "spark.serializer", "org.apache.spark.serializer.KryoSerializer",
                            "spark.sql.session.timeZone", "UTC")),
                    testClasses(),
                    killer == null ? line -> {} : killer);
        int exit = s.await(JOB_TIMEOUT);
        timings.put(job[0], Duration.ofNanos(System.nanoTime() - t).toMillis());
        submitted.add(key);
        if (exit != 0) {
          throw new TaskFailure(
              "States.TaskFailed", "step " + name + " exited " + exit + ":\n" + s.logTail(60));
        }
        if (killer != null) {
          ExecutorKiller.Kill kill = killer.verify(s.lines());
          kills.put(key, kill);
        }
        return JSON.createObjectNode().put("StepState", "COMPLETED");
      };
    }
  }

  /** A world of its own on the one stack: its own prefix (objects, cache keys) and tables. */
  private static AwsClientFactory world(String name) {
    ReconSettings s =
        STACK.settings().toBuilder()
            .prefix(name)
            .indexTable("recon-" + name + "-index")
            .ledgerTable("recon-" + name + "-ledger")
            .build();
    AwsClientFactory clients = new AwsClientFactory(s);
    ReconTables.ensureIndexTable(clients.dynamoDb(), s.indexTable());
    ReconTables.ensureLedgerTable(clients.dynamoDb(), s.ledgerTable());
    ReconTables.awaitActive(clients.dynamoDb(), s.indexTable(), Duration.ofSeconds(30));
    ReconTables.awaitActive(clients.dynamoDb(), s.ledgerTable(), Duration.ofSeconds(30));
    return clients;
  }

  /** The driver's RECON_* environment, as the template's spark-defaults give an EMR step's. */
  static Map<String, String> environment(ReconSettings s) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(ReconSettings.ENVIRONMENT, s.environment());
    env.put(ReconSettings.REGION, s.region());
    env.put(ReconSettings.BUCKET, s.bucket());
    env.put(ReconSettings.PREFIX, s.prefix());
    env.put(ReconSettings.S3_ENDPOINT, s.s3Endpoint());
    env.put(ReconSettings.DYNAMODB_ENDPOINT, s.dynamoDbEndpoint());
    env.put(ReconSettings.ACCESS_KEY_ID, s.accessKeyId());
    env.put(ReconSettings.SECRET_ACCESS_KEY, s.secretAccessKey());
    env.put(ReconSettings.INDEX_TABLE, s.indexTable());
    env.put(ReconSettings.LEDGER_TABLE, s.ledgerTable());
    env.put(ReconSettings.REDIS_URI, s.redisUri());
    return env;
  }

  /**
   * Every object of the world (inputs, stateless batches, quarantine, prefetch, state) with its
   * bytes, and every index entry.
   */
  private static Map<String, String> dump(AwsClientFactory clients) {
    Map<String, String> out = new TreeMap<>();
    ObjectStore store = clients.objectStore();
    for (ObjectInfo o : store.list("")) {
      byte[] bytes = store.get(o.key());
      out.put("object " + o.key(), printable(bytes));
    }
    List<IndexEntry> entries = new ArrayList<>();
    clients.artifactIndex().scan(entries::add);
    for (IndexEntry e : entries) {
      out.put("index " + e.artifactId(), e.toString());
    }
    return out;
  }

  private static String printable(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    return Arrays.equals(s.getBytes(StandardCharsets.UTF_8), bytes)
        ? s
        : "hex:" + HexFormat.of().formatHex(bytes);
  }

  private static void putInput(
      ObjectStore store, String id, Instant start, List<Event> events, List<String> extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Event e : events) {
      out.writeBytes(CanonicalJson.encode(e));
      out.write('\n');
    }
    for (String line : extra) {
      out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    store.put(
        Layout.inputKey(start, id, false),
        out.toByteArray(),
        Map.of(
            Layout.META_WINDOW_START,
            start.toString(),
            Layout.META_WINDOW_END,
            start.plus(Duration.ofHours(1)).toString()));
  }

  static Path sparkHome() {
    return Path.of(required("recon.spark.home"));
  }

  static Path oldSdk() {
    return Path.of(required("recon.old.awssdk"));
  }

  static Path testClasses() {
    return Path.of(required("recon.test.classes"));
  }

  static Path jobJar(String module) {
    return Stream.of(required("recon.job.jars").split(","))
        .map(Path::of)
        .filter(p -> p.getFileName().toString().startsWith(module + "-"))
        .findFirst()
        .filter(Files::isRegularFile)
        .orElseThrow(
            () -> new IllegalStateException("no job jar of " + module + ": build with package"));
  }

  private static String required(String property) {
    String v = System.getProperty(property);
    if (v == null) {
      throw new IllegalStateException(property + " is not set (run through failsafe)");
    }
    return v;
  }
}
