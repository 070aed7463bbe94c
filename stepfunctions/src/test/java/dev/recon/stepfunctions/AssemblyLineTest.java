package dev.recon.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bundled stateful definition, run unsubstituted with handlers registered by placeholder and
 * step name (as the wiring will), against {@link BacklogManagerModel}: several executions side by
 * side form an assembly line, one batch per stage in sequence order, and a failed batch holds back
 * every later one until it is re-run.
 */
class AssemblyLineTest {
  private static final JsonNode EMPTY = Json.of("{}");

  private final ExecutorService pool = Executors.newFixedThreadPool(3);

  /** "stage:batch:start|end" in the order they happened. */
  private final List<String> work = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Latches counted down when a stage of a batch ("prefetch:2") starts. */
  private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();

  private CountDownLatch started(String stageAndBatch) {
    return started.computeIfAbsent(stageAndBatch, k -> new CountDownLatch(1));
  }

  /**
   * A runner whose stage handlers record their work; {@code holds} maps a stage of a batch to the
   * stage of another batch that must have started before it may finish, which pins interleavings.
   */
  private StateMachineRunner runner(
      BacklogManagerModel ledger, Predicate<String> failing, Map<String, String> holds) {
    TaskHandler prefetch = request -> stage("prefetch", batchArg(request), failing, holds);
    TaskHandler process = request -> stage("process", batchArg(request), failing, holds);
    TaskRegistry tasks =
        new TaskRegistry()
            .lambda(Definitions.placeholder(Definitions.BACKLOG_MANAGER_FUNCTION_ARN), ledger)
            .lambda(
                Definitions.placeholder(Definitions.INDEXER_COORDINATOR_FUNCTION_ARN),
                request -> {
                  assertThat(request.get("workerFunction").asText())
                      .isEqualTo("${IndexerWorkerFunctionArn}");
                  return stage("index", request.get("batch").asLong(), failing, holds);
                })
            .emrStep(Definitions.PREFETCHER_STEP, prefetch)
            .emrStep(Definitions.PROCESSOR_STEP, process);
    // Time runs 5000 times faster: a 30 s wait for a stage lock takes 6 ms (480 waits: ~3 s).
    return StateMachineRunner.builder(tasks).sleeper(Sleeper.scaled(1 / 5000.0)).build();
  }

  private static long batchArg(JsonNode request) {
    List<String> args = EmrStepRequest.applicationArgs(request);
    assertThat(args).hasSize(4).first().isEqualTo("--batch");
    assertThat(args.subList(2, 4)).containsExactly("--tenant", "default");
    assertThat(EmrStepRequest.applicationJar(request)).startsWith("${").endsWith("JarUri}");
    return Long.parseLong(args.get(1));
  }

  private JsonNode stage(
      String stage, long batch, Predicate<String> failing, Map<String, String> holds)
      throws TaskFailure {
    String self = stage + ":" + batch;
    work.add(self + ":start");
    started(self).countDown();
    try {
      String other = holds.get(self);
      if (other != null && !started(other).await(10, TimeUnit.SECONDS)) {
        throw new AssertionError(other + " never started while " + self + " was running");
      }
      Thread.sleep(5);
      if (failing.test(self)) {
        throw new TaskFailure(
            "Recon.BadInput", stage + " of batch " + batch + " rejected its input");
      }
      // The indexer coordinator answers with its status; the EMR steps' answers are ignored.
      return Json.of("{'batch': " + batch + ", 'status': 'SUCCESS'}");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskFailure("Local.Interrupted", "interrupted");
    } finally {
      work.add(self + ":end");
    }
  }

  private List<ExecutionResult> runConcurrently(
      StateMachineRunner runner, StateMachineDefinition stateful, int executions, String input)
      throws Exception {
    List<Future<ExecutionResult>> futures = new ArrayList<>();
    for (int i = 0; i < executions; i++) {
      String name = "exec-" + i;
      futures.add(pool.submit(() -> runner.run(stateful, Json.of(input), name)));
      Thread.sleep(20); // start in order, as the stateless workflow does
    }
    List<ExecutionResult> results = new ArrayList<>();
    for (Future<ExecutionResult> f : futures) {
      results.add(f.get(30, TimeUnit.SECONDS));
    }
    return results;
  }

  /** Per stage, the batches in the order they started, and no two batches in a stage at once. */
  private List<Long> order(String stage) {
    List<Long> started = new ArrayList<>();
    Long inside = null;
    for (String event : List.copyOf(work)) {
      String[] p = event.split(":");
      if (!p[0].equals(stage)) {
        continue;
      }
      long batch = Long.parseLong(p[1]);
      if (p[2].equals("start")) {
        assertThat(inside)
            .as("%s: batch %s entered while batch %s was inside", stage, batch, inside)
            .isNull();
        inside = batch;
        started.add(batch);
      } else {
        inside = null;
      }
    }
    return started;
  }

  private static ExecutionResult endingIn(List<ExecutionResult> results, String lastState) {
    return results.stream()
        .filter(r -> r.visitedStates().get(r.visitedStates().size() - 1).equals(lastState))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void stateful_shouldRunStagesAsAssemblyLineInOrder_whenExecutionsOverlap() throws Exception {
    // GIVEN three stateless batches waiting and three executions started one after another
    BacklogManagerModel ledger = new BacklogManagerModel(3);
    // (indexing batch 1 cannot finish before batch 2's prefetch starts: an assembly line or a hang)
    StateMachineRunner runner = runner(ledger, s -> false, Map.of("index:1", "prefetch:2"));

    // WHEN they run side by side
    List<ExecutionResult> results =
        runConcurrently(runner, Definitions.stateful(Map.of()), 3, "{'trigger': 'stateless'}");

    // THEN all succeed; each stage took batches 1, 2, 3 in order and one at a time, and batch 2
    // was prefetched while batch 1 was being indexed (the index handler of 1 waits for it)
    assertThat(results).extracting(ExecutionResult::error).containsOnlyNulls();
    assertThat(results)
        .extracting(r -> r.visitedStates().get(r.visitedStates().size() - 1))
        .containsOnly("Done");
    assertThat(order("prefetch")).containsExactly(1L, 2L, 3L);
    assertThat(order("process")).containsExactly(1L, 2L, 3L);
    assertThat(order("index")).containsExactly(1L, 2L, 3L);
    for (long n = 1; n <= 3; n++) {
      assertThat(ledger.batch(n).status).isEqualTo("SUCCESS");
    }
  }

  @Test
  void stateful_shouldHoldBackLaterBatchesUntilRerun_whenABatchFailsWithBadData() throws Exception {
    // GIVEN three batches, and processing batch 2 fails with a non-retryable error
    BacklogManagerModel ledger = new BacklogManagerModel(3);
    // (batch 2's processing fails only once batch 3 is under way, so batch 3 meets the failure)
    List<String> broken = Collections.synchronizedList(new ArrayList<>(List.of("process:2")));
    StateMachineRunner runner = runner(ledger, broken::contains, Map.of("process:2", "prefetch:3"));
    StateMachineDefinition stateful = Definitions.stateful(Map.of());

    // WHEN three executions run
    List<ExecutionResult> first = runConcurrently(runner, stateful, 3, "{}");

    // THEN batch 1 succeeds, batch 2 is FAILURE (caught, recorded, execution failed with the
    // original error, not retried), batch 3 is released unfinished and never processed
    assertThat(first)
        .extracting(r -> r.visitedStates().get(r.visitedStates().size() - 1))
        .containsExactlyInAnyOrder("Done", "Failed", "Blocked");
    ExecutionResult failed = endingIn(first, "Failed");
    assertThat(failed.error()).isEqualTo("Recon.BadInput");
    assertThat(failed.cause()).isEqualTo("process of batch 2 rejected its input");
    assertThat(failed.visitedStates()).endsWith("Process", "RecordFailure", "Failed");
    assertThat(failed.retries("Process")).isZero();
    assertThat(endingIn(first, "Blocked").visitedStates())
        .endsWith("ReleaseBatch", "WhyReleased", "Blocked");
    assertThat(ledger.batch(2).status).isEqualTo("FAILURE");
    assertThat(ledger.batch(3).status).isEqualTo("EXECUTING");
    assertThat(ledger.batch(3).owner).isNull();
    assertThat(order("process")).containsExactly(1L, 2L);

    // AND a plain re-run does not skip past the failed batch
    ExecutionResult blocked = runner.run(stateful, EMPTY, "blocked");
    assertThat(blocked.visitedStates())
        .containsExactly("Tenant", "AcquireBatch", "HasBatch", "NothingToDo");
    assertThat(blocked.output().at("/plan/reason").asText()).isEqualTo("BLOCKED");

    // WHEN the cause is removed and the failed batch is re-run, then the stateful workflow again
    broken.clear();
    ExecutionResult rerun = runner.run(stateful, Json.of("{'retryFailed': true}"), "rerun");
    ExecutionResult next = runner.run(stateful, EMPTY, "next");

    // THEN batch 2 skips its done prefetch and resumes at process, batch 3 after it, all in order
    assertThat(rerun.output().at("/plan/statefulBatch").asLong()).isEqualTo(2);
    assertThat(rerun.visitedStates())
        .startsWith(
            "Tenant",
            "AcquireBatch",
            "HasBatch",
            "FirstStage",
            "AcquireStage",
            "StageAcquired",
            "NextStage",
            "ToProcess",
            "AcquireStage",
            "StageAcquired",
            "Process");
    assertThat(next.output().at("/plan/statefulBatch").asLong()).isEqualTo(3);
    assertThat(ledger.batch(2).status).isEqualTo("SUCCESS");
    assertThat(ledger.batch(3).status).isEqualTo("SUCCESS");
    assertThat(order("prefetch")).containsExactly(1L, 2L, 3L);
    assertThat(order("process")).containsExactly(1L, 2L, 2L, 3L);
    assertThat(order("index")).containsExactly(1L, 2L, 3L);
  }
}
