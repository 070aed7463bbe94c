package dev.recon.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

  /** The stateless executions the current cycle ran, by tenant (local runs are sequential). */
  private final Map<TenantId, ExecutionResult> cycleRuns = new LinkedHashMap<>();

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
    // The indexer serves every tenant: it gets the shared ports and scopes them per request.
    this.coordinator =
        new LocalLambda(
            CoordinatorHandler.inProcess(
                clients,
                clients.sharedArtifactIndex(),
                faults.indexerCache(clients.sharedArtifactCache()),
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
            Definitions.placeholder(Definitions.STATELESS_STATE_MACHINE_ARN),
            this::statelessRunOfCycle)
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
          clients.forTenant(tenantOf(request)).batchLedger(),
          out.path("statelessBatch").asLong(),
          statelessExecution);
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

  /** Runs every tenant with work until idle ({@link #runUntilIdle(Optional)}). */
  public Summary runUntilIdle() {
    return runUntilIdle(Optional.empty());
  }

  /**
   * Registers every landed input (a sweep), then runs cycles of the schedule's workflow ({@code
   * cycle.asl.json}: one stateless run per tenant with work, or only {@code only}), and after each
   * tenant's stateless run that tenant's stateful workflow until it has no work, until no tenant
   * has anything left to do. A tenant whose execution fails is left out of the later cycles of this
   * call (its later batches wait, they are never skipped); every other tenant goes on.
   */
  public Summary runUntilIdle(Optional<TenantId> only) {
    ObjectNode sweep = JSON.createObjectNode().put("action", "sweep");
    only.ifPresent(t -> sweep.put("tenant", t.value()));
    backlog(sweep);
    Set<TenantId> tenants = new TreeSet<>(only.map(Set::of).orElseGet(this::tenantsWithWork));
    for (TenantId t : tenants) {
      LocalOwners.Released released =
          LocalOwners.releaseDead(
              clients.forTenant(t).batchLedger(),
              Clock.systemUTC(),
              request -> backlog(((ObjectNode) request.deepCopy()).put("tenant", t.value())));
      if (released.any()) {
        progress.accept(
            prefix(t)
                + "released what dead local runs held: stateful "
                + released.statefulBatches()
                + ", locks "
                + released.locks()
                + ", stateless (cancelled, inputs pending again) "
                + released.statelessBatches());
      }
    }
    int stateless = 0;
    int stateful = 0;
    List<ExecutionResult> failures = new ArrayList<>();
    Set<TenantId> failed = new TreeSet<>();
    int cycles = 0;
    while (true) {
      if (cycles > 0) {
        // what the last cycle landed itself (matching's settlement instructions) is registered
        // as S3's notifications register it on AWS
        backlog(sweep.deepCopy());
      }
      ObjectNode input = JSON.createObjectNode();
      only.ifPresent(t -> input.put("tenant", t.value()));
      ArrayNode exclude = input.putArray("exclude");
      failed.forEach(t -> exclude.add(t.value()));
      cycleRuns.clear();
      runner.run(Definitions.cycle(Map.of()), input, LocalOwners.executionName());
      cycles++;
      progress.accept("cycle " + cycles + ": " + cycleRuns.keySet());
      boolean progressed = false;
      // Stateful work can be pending for a tenant with nothing left to plan (a batch rerun after a
      // failure, a start that was lost): every known tenant's stateful work is drained each cycle.
      Set<TenantId> drain = new TreeSet<>(Tenants.known(clients.sharedBatchLedger()));
      only.ifPresent(t -> drain.retainAll(Set.of(t)));
      drain.removeAll(failed);
      drain.removeAll(cycleRuns.keySet());
      for (TenantId t : drain) {
        int ran = drainStateful(t, failures, failed);
        stateful += ran;
        progressed |= ran > 0;
      }
      for (Map.Entry<TenantId, ExecutionResult> run : new ArrayList<>(cycleRuns.entrySet())) {
        TenantId t = run.getKey();
        ExecutionResult r = run.getValue();
        if (!r.succeeded()) {
          failures.add(r);
          failed.add(t);
          progress.accept(prefix(t) + "stateless run failed: " + r.error() + " " + r.cause());
          continue;
        }
        if (r.visitedStates().contains("StartBatch")) {
          stateless++;
          progressed = true;
          progress.accept(
              prefix(t)
                  + "stateless batch "
                  + r.output().path("plan").path("statelessBatch").asText()
                  + " reduced");
        }
        int ran = drainStateful(t, failures, failed);
        stateful += ran;
        progressed |= ran > 0;
      }
      if (!progressed) {
        break;
      }
    }
    return new Summary(stateless, stateful, failures);
  }

  /** The tenants the backlog manager would run now (pending input or an unfinished batch). */
  public Set<TenantId> tenantsWithWork() {
    JsonNode out =
        backlog(
            JSON.createObjectNode()
                .put("action", Definitions.ACTION_TENANTS)
                .set("request", JSON.createObjectNode()));
    Set<TenantId> tenants = new TreeSet<>();
    out.path("tenants").forEach(t -> tenants.add(TenantId.of(t.asText())));
    return tenants;
  }

  /**
   * The cycle's "run this tenant's stateless workflow, wait for it" ({@code
   * startExecution.sync:2}): in-process, recorded for {@link #runUntilIdle}; a failed run fails the
   * task, as on AWS.
   */
  private JsonNode statelessRunOfCycle(JsonNode request) throws TaskFailure {
    JsonNode input = request.path("Input");
    TenantId tenant = tenantOf(input);
    ExecutionResult r = runStateless(input);
    cycleRuns.put(tenant, r);
    if (!r.succeeded()) {
      throw new TaskFailure(
          "States.TaskFailed",
          "stateless run of tenant " + tenant + " failed: " + r.error() + ": " + r.cause());
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("ExecutionArn", r.executionArn());
    out.put("Status", "SUCCEEDED");
    out.set("Output", r.output());
    return out;
  }

  /** As {@link #drainStateful(TenantId, List)}; a tenant whose run failed joins {@code failed}. */
  private int drainStateful(TenantId tenant, List<ExecutionResult> failures, Set<TenantId> failed) {
    int before = failures.size();
    int ran = drainStateful(tenant, failures);
    if (failures.size() > before) {
      failed.add(tenant);
    }
    return ran;
  }

  /**
   * Runs the tenant's queued stateful requests, then keeps asking for its work until the backlog
   * manager has none.
   */
  private int drainStateful(TenantId tenant, List<ExecutionResult> failures) {
    int runs = 0;
    while (runs < MAX_STATEFUL_RUNS) {
      JsonNode queued = pollStateful(tenant);
      JsonNode input =
          queued != null ? queued : JSON.createObjectNode().put("tenant", tenant.value());
      ExecutionResult r = runStateful(input);
      if (!r.succeeded()) {
        failures.add(r);
        return runs;
      }
      if (!r.visitedStates().contains("AcquireStage")) {
        statefulRequests.removeIf(q -> tenantOf(q).equals(tenant));
        return runs; // NO_WORK or BLOCKED
      }
      runs++;
      progress.accept(
          prefix(tenant)
              + "stateful batch "
              + r.output().path("plan").path("statefulBatch").asText()
              + " indexed");
    }
    throw new IllegalStateException(
        "more than " + MAX_STATEFUL_RUNS + " stateful runs in one cycle");
  }

  private JsonNode pollStateful(TenantId tenant) {
    for (java.util.Iterator<JsonNode> it = statefulRequests.iterator(); it.hasNext(); ) {
      JsonNode q = it.next();
      if (tenantOf(q).equals(tenant)) {
        it.remove();
        return q;
      }
    }
    return null;
  }

  /** The tenant a request or execution input names ({@code default} when none). */
  static TenantId tenantOf(JsonNode node) {
    JsonNode t = node == null ? null : node.get("tenant");
    return t == null || t.isNull() ? TenantId.DEFAULT : TenantId.of(t.asText());
  }

  /**
   * Progress lines name the tenant, except the default tenant's (single-tenant output as before).
   */
  private static String prefix(TenantId t) {
    return t.isDefault() ? "" : "[" + t + "] ";
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
