package dev.recon.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.testing.EventGenerator;
import dev.recon.local.junit.EmbeddedStackExtension;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many cycles of the real workflows with one injected fault per cycle, recovered through the normal
 * workflow only (declared retries, {@code retryFailed}, the next {@code runUntilIdle}). After every
 * cycle the artifacts of the faulty stack must be byte-identical to those of a fault-free stack fed
 * the very same input batches (same keys, same windows), and every balance must equal the
 * independent sum of {@link EventGenerator#expectedBalances}.
 *
 * <p>CI runs {@value #CI_CYCLES} cycles with a fixed seed, so every {@link FaultPoint} fires at
 * least once; {@code -Drecon.soak.cycles=200} (and {@code -Drecon.soak.seed=…}) runs a long soak
 * with fault points drawn at random.
 */
class FaultInjectionIT {
  @RegisterExtension static final EmbeddedStackExtension FAULTY = new EmbeddedStackExtension();
  @RegisterExtension static final EmbeddedStackExtension REFERENCE = new EmbeddedStackExtension();

  private static final int CI_CYCLES = 11;
  private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every fault this suite injects; one per cycle. */
  enum FaultPoint {
    /** The reducer's EMR step fails before any work with a retryable EMR error (retried as declared). */
    REDUCER_BEFORE_WORK,
    /** The reducer commits its stateless batch (manifest written), then its step fails (retried: a no-op rerun). */
    REDUCER_AFTER_COMMIT,
    /** The prefetcher fails before any work (unretryable): FAILURE, then {@code retryFailed}. */
    PREFETCHER_BEFORE_WORK,
    /** The prefetcher commits prefetch/N, then its step fails: FAILURE, then {@code retryFailed}. */
    PREFETCHER_AFTER_COMMIT,
    /** The processor fails before any work: FAILURE, then {@code retryFailed}. */
    PROCESSOR_BEFORE_WORK,
    /** The processor commits state/N (part-files and manifest), then its step fails: the rerun must verify, not move, bytes. */
    PROCESSOR_AFTER_COMMIT,
    /** The indexer coordinator indexes (DynamoDB and Redis writes done), then fails with a Lambda service error: retried. */
    COORDINATOR_AFTER_WRITES_RETRIED,
    /** The indexer coordinator indexes, then fails with an unretryable error: FAILURE, then {@code retryFailed}. */
    COORDINATOR_AFTER_WRITES_FAILED,
    /** Every third backlog-manager call fails with {@link StoreUnavailableException} before doing anything: retried as declared. */
    BACKLOG_UNAVAILABLE_BEFORE,
    /** A backlog-manager call commits its ledger writes and then reports {@link StoreUnavailableException} (outcome unknown): retried. */
    BACKLOG_UNAVAILABLE_AFTER,
    /** Redis unreachable for the whole cycle (Lambdas and Spark jobs): the pipeline goes on without the cache. */
    REDIS_UNAVAILABLE
  }

  private final List<Event> accepted = new ArrayList<>();

  @Test
  void cycles_shouldYieldByteIdenticalArtifacts_whenFaultsAreInjectedAndRecoveredThroughTheWorkflow() {
    int cycles = Integer.getInteger("recon.soak.cycles", CI_CYCLES);
    long seed = Long.getLong("recon.soak.seed", 20261122L);
    Random random = new Random(seed);
    EventGenerator gen = new EventGenerator(seed);
    FaultPoint[] points = FaultPoint.values();

    Armed armed = new Armed();
    AwsClientFactory faulty = FAULTY.clients();
    AwsClientFactory reference = REFERENCE.clients();
    LocalPipeline referencePipeline = new LocalPipeline(reference, SharedSpark.session(), Sleeper.none(), line -> { });
    LocalPipeline faultyPipeline =
        new LocalPipeline(faulty, SharedSpark.session(), Sleeper.none(), line -> { }, armed::wrap);
    Set<FaultPoint> fired = EnumSet.noneOf(FaultPoint.class);
    long started = System.nanoTime();

    try (AwsClientFactory withoutRedis = new AwsClientFactory(
        faulty.settings().toBuilder().redisUri("redis://127.0.0.1:" + closedPort()).build())) {
      LocalPipeline noRedisPipeline =
          new LocalPipeline(withoutRedis, SharedSpark.session(), Sleeper.none(), line -> { }, armed::wrap);
      for (int cycle = 0; cycle < cycles; cycle++) {
        FaultPoint point = cycle < points.length ? points[cycle] : points[random.nextInt(points.length)];
        long cycleStarted = System.nanoTime();

        // GIVEN the same input batches (ids and windows) landed in both stacks; overlapping keys, re-sends, bad lines
        List<Event> events = new ArrayList<>(gen.events(80 + random.nextInt(80), 30 + random.nextInt(30)));
        List<String> extra = new ArrayList<>();
        extra.add(new String(CanonicalJson.encode(events.get(0)), StandardCharsets.UTF_8)); // exact re-send
        if (cycle > 0) {
          extra.add(new String(CanonicalJson.encode(accepted.get(random.nextInt(accepted.size()))),
              StandardCharsets.UTF_8)); // a re-send of an event applied in an earlier cycle
        }
        extra.add("{\"eventId\":\"broken-" + cycle);
        accepted.addAll(events);
        Instant start = T0.plus(Duration.ofHours(cycle));
        for (AwsClientFactory c : List.of(reference, faulty)) {
          InputBatches.put(c.objectStore(), "cycle-" + cycle, start, start.plus(Duration.ofHours(1)), events, extra);
        }
        assertThat(referencePipeline.runUntilIdle().failures()).as("reference cycle %d", cycle).isEmpty();

        // WHEN the faulty stack runs the cycle with the fault armed, then recovers through the workflow
        armed.arm(point);
        LocalPipeline pipeline = point == FaultPoint.REDIS_UNAVAILABLE ? noRedisPipeline : faultyPipeline;
        LocalPipeline.Summary summary = pipeline.runUntilIdle();
        for (int attempt = 0; !summary.ok() && attempt < 3; attempt++) {
          pipeline.runStateful(JSON.createObjectNode().put("retryFailed", true));
          summary = pipeline.runUntilIdle();
        }
        if (armed.fired()) {
          fired.add(point);
        }
        armed.disarm();

        // THEN everything completed, byte for byte as without the fault, with the right balances
        assertThat(summary.failures()).as("cycle %d (%s) after recovery", cycle, point).isEmpty();
        assertThat(faulty.batchLedger().list(BatchKind.STATEFUL)).as("cycle %d (%s)", cycle, point)
            .allSatisfy(r -> assertThat(r.status()).isIn(BatchStatus.SUCCESS, BatchStatus.CANCELED));
        assertThat(dump(faulty)).as("cycle %d (%s): artifacts vs. the fault-free stack", cycle, point)
            .isEqualTo(dump(reference));
        assertBalancesMatchIndependentSums(faulty);
        System.out.printf("FaultInjectionIT: cycle %d %s ok in %d ms%n",
            cycle, point, Duration.ofNanos(System.nanoTime() - cycleStarted).toMillis());
      }
    }
    System.out.printf("FaultInjectionIT: %d cycles, fault points fired: %s, %d s%n",
        cycles, fired, Duration.ofNanos(System.nanoTime() - started).toSeconds());
    if (cycles >= points.length) {
      assertThat(fired).as("every fault point fired").containsExactlyInAnyOrder(points);
    }
  }

  /** Every artifact as the index names it: the entry (part-file, offset, length, version) and its exact bytes. */
  private static Map<String, String> dump(AwsClientFactory clients) {
    Map<String, String> out = new TreeMap<>();
    List<IndexEntry> entries = new ArrayList<>();
    clients.artifactIndex().scan(entries::add);
    for (IndexEntry e : entries) {
      byte[] bytes = clients.objectStore().getRange(e.partFile(), e.offset(), e.length());
      out.put(e.artifactId(), e + "\n" + new String(bytes, StandardCharsets.UTF_8));
    }
    return out;
  }

  private void assertBalancesMatchIndependentSums(AwsClientFactory clients) {
    Map<String, Map<String, BigDecimal>> expected = EventGenerator.expectedBalances(accepted);
    ArtifactQuery query = new ArtifactQuery(clients.artifactIndex(), clients.objectStore(), clients.artifactCache(), 128);
    Map<String, ReconciliationArtifact> found = new LinkedHashMap<>();
    for (String key : expected.keySet()) {
      found.put(key, query.get(key).orElseThrow(() -> new AssertionError("missing " + key)));
    }
    expected.forEach((key, perCurrency) -> {
      assertThat(found.get(key).balances().keySet()).as(key).isEqualTo(perCurrency.keySet());
      perCurrency.forEach((c, b) ->
          assertThat(found.get(key).balances().get(c)).as(key + " " + c).isEqualByComparingTo(b));
    });
  }

  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fault of the current cycle; each fires once, so the normal workflow can recover. */
  private static final class Armed {
    private volatile FaultPoint point;
    private volatile boolean fired;
    private final AtomicInteger backlogCalls = new AtomicInteger();

    void arm(FaultPoint p) {
      point = p;
      fired = p == FaultPoint.REDIS_UNAVAILABLE; // the whole cycle runs without Redis
      backlogCalls.set(0);
    }

    void disarm() {
      point = null;
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

    TaskHandler wrap(String key, TaskHandler handler) {
      return switch (key) {
        case Definitions.REDUCER_STEP -> input -> {
          if (fire(FaultPoint.REDUCER_BEFORE_WORK)) {
            throw new TaskFailure("ElasticMapReduce.InternalServerException", "EMR unavailable (injected)");
          }
          var out = handler.handle(input);
          if (fire(FaultPoint.REDUCER_AFTER_COMMIT)) {
            throw new TaskFailure("ElasticMapReduce.InternalServerException", "lost the step's answer (injected)");
          }
          return out;
        };
        case Definitions.PREFETCHER_STEP -> stage(handler, FaultPoint.PREFETCHER_BEFORE_WORK, FaultPoint.PREFETCHER_AFTER_COMMIT);
        case Definitions.PROCESSOR_STEP -> stage(handler, FaultPoint.PROCESSOR_BEFORE_WORK, FaultPoint.PROCESSOR_AFTER_COMMIT);
        case Definitions.INDEXER_COORDINATOR_FUNCTION_ARN -> input -> {
          var out = handler.handle(input);
          if (fire(FaultPoint.COORDINATOR_AFTER_WRITES_RETRIED)) {
            throw new TaskFailure("Lambda.ServiceException", "coordinator died after its writes (injected)");
          }
          if (fire(FaultPoint.COORDINATOR_AFTER_WRITES_FAILED)) {
            throw new IllegalStateException("coordinator crashed after its writes (injected)");
          }
          return out;
        };
        case Definitions.BACKLOG_MANAGER_FUNCTION_ARN -> input -> {
          int call = backlogCalls.incrementAndGet();
          if (point == FaultPoint.BACKLOG_UNAVAILABLE_BEFORE && call % 3 == 0) {
            fired = true;
            throw new StoreUnavailableException("DynamoDB throttled (injected), call " + call, null);
          }
          var out = handler.handle(input);
          if (call >= 3 && fire(FaultPoint.BACKLOG_UNAVAILABLE_AFTER)) {
            throw new StoreUnavailableException("timed out after the write (injected): " + input, null);
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
