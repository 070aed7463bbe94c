package dev.recon.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.port.ArtifactCache;
import dev.recon.indexer.CoordinatorHandler;
import dev.recon.indexer.IndexerConfig;
import dev.recon.prefetch.PrefetchPipeline;
import dev.recon.prefetch.PrefetcherMain;
import dev.recon.processor.ProcessorHooks;
import dev.recon.processor.ProcessorMain;
import dev.recon.processor.ProcessorPipeline;
import dev.recon.reducer.StatelessReducerMain;
import dev.recon.stepfunctions.Definitions;
import dev.recon.stepfunctions.EmrStepRequest;
import dev.recon.stepfunctions.ExecutionResult;
import dev.recon.stepfunctions.Sleeper;
import dev.recon.stepfunctions.StateMachineRunner;
import dev.recon.stepfunctions.TaskFailure;
import dev.recon.stepfunctions.TaskHandler;
import dev.recon.stepfunctions.TaskRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * Local mode: runs the very same ASL files that Step Functions runs on AWS, in-process, with each
 * Task resolved to the real code — the backlog manager and indexer Lambda handlers, and the three
 * Spark job mains in {@code local[*]}.
 *
 * <p>Differences from AWS, on purpose: the stateless workflow's "start the stateful workflow" task
 * queues the request and the stateful executions run one after another once the stateless one ends
 * (on AWS they overlap and the stage locks make them an assembly line; locally the same locks are
 * taken, by one execution at a time). A Spark job that throws fails its step with {@code
 * States.TaskFailed}, as a failed EMR step does.
 */
public final class LocalPipeline {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Stateful executions per stateless one is bounded; more means something loops. */
  private static final int MAX_STATEFUL_RUNS = 10_000;

  private final AwsClientFactory clients;
  private final ReconSettings settings;
  private final SparkSession spark;
  private final StateMachineRunner runner;
  private final LocalLambda backlog;
  private final LocalLambda coordinator;
  private final Deque<JsonNode> statefulRequests = new ArrayDeque<>();
  private final Consumer<String> progress;

  /** The name of the stateless execution running now (local runs are sequential). */
  private volatile String statelessExecution;

  /**
   * Test seam: wraps a task's handler, by registry key, and (default: unchanged) what runs inside
   * two tasks, so tests can inject faults in the middle of a step rather than around it.
   */
  @FunctionalInterface
  public interface Faults {
    TaskHandler wrap(String key, TaskHandler handler);

    /**
     * Hooks the processor job calls on its executors and driver ({@link ProcessorHooks#NONE}:
     * none).
     */
    default ProcessorHooks processorHooks() {
      return ProcessorHooks.NONE;
    }

    /**
     * The cache the in-process indexer workers write through (after their index writes of each
     * round).
     */
    default ArtifactCache indexerCache(ArtifactCache cache) {
      return cache;
    }

    Faults NONE = (key, handler) -> handler;
  }

  private final Faults faults;

  public LocalPipeline(
      AwsClientFactory clients, SparkSession spark, Sleeper sleeper, Consumer<String> progress) {
    this(clients, spark, sleeper, progress, Faults.NONE);
  }

  public LocalPipeline(
      AwsClientFactory clients,
      SparkSession spark,
      Sleeper sleeper,
      Consumer<String> progress,
      Faults faults) {
    this.faults = faults;
    this.clients = clients;
    this.settings = clients.settings();
    this.spark = spark;
    this.progress = progress;
    this.backlog = LocalLambda.backlog(clients);
    this.coordinator =
        new LocalLambda(
            CoordinatorHandler.inProcess(
                clients,
                clients.artifactIndex(),
                faults.indexerCache(clients.artifactCache()),
                localIndexerConfig(),
                4));
    this.runner = StateMachineRunner.builder(registry()).sleeper(sleeper).build();
  }

  /**
   * Locally a killed run leaves its worker attempts orphaned; they are re-invoked at once (the
   * in-process invoker knows what this process started), and each kill costs an attempt, so local
   * mode allows more of them than a Lambda deployment needs.
   */
  static IndexerConfig localIndexerConfig() {
    IndexerConfig d = IndexerConfig.DEFAULTS;
    return new IndexerConfig(
        d.partFilesPerWorker(),
        10,
        d.workerTimeout(),
        d.pollInterval(),
        d.coordinatorMargin(),
        d.indexThreads(),
        d.writeBatchSize(),
        d.writeBatchBytes());
  }

  /** The Task registry: every resource the two definitions name, mapped to local code. */
  TaskRegistry registry() {
    return new TaskRegistry()
        .lambda(
            Definitions.placeholder(Definitions.BACKLOG_MANAGER_FUNCTION_ARN),
            faults.wrap(Definitions.BACKLOG_MANAGER_FUNCTION_ARN, this::backlogTask))
        .lambda(
            Definitions.placeholder(Definitions.INDEXER_COORDINATOR_FUNCTION_ARN),
            faults.wrap(Definitions.INDEXER_COORDINATOR_FUNCTION_ARN, this::coordinator))
        .emrStep(
            Definitions.REDUCER_STEP,
            faults.wrap(
                Definitions.REDUCER_STEP,
                sparkStep(
                    "reduce",
                    args ->
                        StatelessReducerMain.run(
                            StatelessReducerMain.parse(args), settings, spark))))
        .emrStep(
            Definitions.PREFETCHER_STEP,
            faults.wrap(
                Definitions.PREFETCHER_STEP,
                sparkStep(
                    "prefetch",
                    args -> PrefetchPipeline.run(spark, PrefetcherMain.parse(args, settings)))))
        .emrStep(
            Definitions.PROCESSOR_STEP,
            faults.wrap(
                Definitions.PROCESSOR_STEP,
                sparkStep(
                    "process",
                    args ->
                        ProcessorPipeline.run(
                            spark, ProcessorMain.parse(args, settings), faults.processorHooks()))))
        .startExecution(
            Definitions.placeholder(Definitions.STATEFUL_STATE_MACHINE_ARN),
            request -> {
              statefulRequests.add(request.path("Input"));
              ObjectNode out = JSON.createObjectNode();
              out.put(
                  "ExecutionArn",
                  "arn:aws:states:local:000000000000:execution:recon-stateful:queued-"
                      + statefulRequests.size());
              out.put("StartDate", System.currentTimeMillis() / 1000.0);
              return out;
            });
  }

  /** Calls the backlog manager exactly as Lambda would: JSON in, JSON out. */
  public JsonNode backlog(JsonNode request) {
    return backlog.call(request);
  }

  /**
   * The backlog manager as a Task: a stateless batch planned locally is marked with its execution
   * ({@link LocalOwners}).
   */
  private JsonNode backlogTask(JsonNode request) {
    JsonNode out = backlog(request);
    if ("planStateless".equals(request.path("action").asText())
        && out.path("planned").asBoolean(false)
        && statelessExecution != null) {
      LocalOwners.markStateless(
          clients.batchLedger(), out.path("statelessBatch").asLong(), statelessExecution);
    }
    return out;
  }

  private JsonNode coordinator(JsonNode request) {
    return coordinator.call(request);
  }

  private interface Job {
    Object run(String[] args);
  }

  private TaskHandler sparkStep(String name, Job job) {
    return request -> {
      List<String> args = EmrStepRequest.applicationArgs(request);
      progress.accept(name + " " + String.join(" ", args));
      try {
        job.run(args.toArray(String[]::new));
      } catch (Exception e) {
        // Exception, not RuntimeException: a failed Spark job throws SparkException, a checked
        // exception Scala code throws undeclared; it must fail the step like any other failure.
        throw new TaskFailure(
            "States.TaskFailed", "step " + EmrStepRequest.stepName(request) + " failed: " + e);
      }
      return JSON.createObjectNode().put("StepState", "COMPLETED");
    };
  }

  /** What one {@link #runUntilIdle} did. */
  public record Summary(int statelessRuns, int statefulRuns, List<ExecutionResult> failures) {
    public boolean ok() {
      return failures.isEmpty();
    }
  }

  /**
   * Registers every landed input (a sweep), then runs the stateless workflow until nothing is
   * pending, and after each run the stateful workflow until it has no work. Stops at the first
   * failed execution: later batches wait, they are never skipped.
   */
  public Summary runUntilIdle() {
    backlog(JSON.createObjectNode().put("action", "sweep"));
    LocalOwners.Released released =
        LocalOwners.releaseDead(clients.batchLedger(), Clock.systemUTC(), this::backlog);
    if (released.any()) {
      progress.accept(
          "released what dead local runs held: stateful "
              + released.statefulBatches()
              + ", locks "
              + released.locks()
              + ", stateless (cancelled, inputs pending again) "
              + released.statelessBatches());
    }
    int stateless = 0;
    int stateful = 0;
    List<ExecutionResult> failures = new ArrayList<>();
    while (true) {
      ExecutionResult r = runStateless(JSON.createObjectNode());
      if (!r.succeeded()) {
        failures.add(r);
        break;
      }
      boolean planned = r.visitedStates().contains("StartBatch");
      if (planned) {
        stateless++;
        progress.accept(
            "stateless batch "
                + r.output().path("plan").path("statelessBatch").asText()
                + " reduced");
      }
      int ran = drainStateful(failures);
      stateful += ran;
      if (!failures.isEmpty() || (!planned && ran == 0)) {
        break;
      }
    }
    return new Summary(stateless, stateful, failures);
  }

  /**
   * Runs queued stateful requests, then keeps asking for work until the backlog manager has none.
   */
  private int drainStateful(List<ExecutionResult> failures) {
    int runs = 0;
    while (runs < MAX_STATEFUL_RUNS) {
      JsonNode input =
          statefulRequests.isEmpty() ? JSON.createObjectNode() : statefulRequests.poll();
      ExecutionResult r = runStateful(input);
      if (!r.succeeded()) {
        failures.add(r);
        return runs;
      }
      if (!r.visitedStates().contains("AcquireStage")) {
        statefulRequests.clear();
        return runs; // NO_WORK or BLOCKED
      }
      runs++;
      progress.accept(
          "stateful batch " + r.output().path("plan").path("statefulBatch").asText() + " indexed");
    }
    throw new IllegalStateException(
        "more than " + MAX_STATEFUL_RUNS + " stateful runs in one cycle");
  }

  /**
   * Runs the stateless workflow; the execution is named after this process ({@link LocalOwners}).
   */
  public ExecutionResult runStateless(JsonNode input) {
    String name = LocalOwners.executionName();
    statelessExecution = name;
    try {
      return runner.run(Definitions.stateless(Map.of()), input, name);
    } finally {
      statelessExecution = null;
    }
  }

  /**
   * Runs the stateful workflow; the execution (the owner of its batch and locks) is named after
   * this process.
   */
  public ExecutionResult runStateful(JsonNode input) {
    return runner.run(Definitions.stateful(Map.of()), input, LocalOwners.executionName());
  }
}
