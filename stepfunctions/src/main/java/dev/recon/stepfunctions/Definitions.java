package dev.recon.stepfunctions;

import java.util.List;
import java.util.Map;

/**
 * The three bundled workflow definitions (classpath {@code statemachines/*.asl.json}, the single
 * source of truth deployed by CloudFormation and run by the local runner) and the names they share
 * with their implementations and with the template. The task contract is in the module's README.
 */
public final class Definitions {
  public static final String STATELESS = "statemachines/stateless.asl.json";
  public static final String STATEFUL = "statemachines/stateful.asl.json";

  /** The schedule's workflow: one turn of the stateless workflow per tenant (DESIGN §10). */
  public static final String CYCLE = "statemachines/cycle.asl.json";

  public static final List<String> ALL = List.of(STATELESS, STATEFUL, CYCLE);

  /** Placeholders ({@code DefinitionSubstitutions} keys) the definitions use. */
  public static final String BACKLOG_MANAGER_FUNCTION_ARN = "BacklogManagerFunctionArn";

  public static final String INDEXER_COORDINATOR_FUNCTION_ARN = "IndexerCoordinatorFunctionArn";

  /** Passed to the coordinator, which invokes the workers. */
  public static final String INDEXER_WORKER_FUNCTION_ARN = "IndexerWorkerFunctionArn";

  public static final String EMR_CLUSTER_ID = "EmrClusterId";
  public static final String STATELESS_REDUCER_JAR_URI = "StatelessReducerJarUri";
  public static final String PREFETCHER_JAR_URI = "PrefetcherJarUri";
  public static final String STATEFUL_PROCESSOR_JAR_URI = "StatefulProcessorJarUri";
  public static final String STATEFUL_STATE_MACHINE_ARN = "StatefulStateMachineArn";
  public static final String STATELESS_STATE_MACHINE_ARN = "StatelessStateMachineArn";

  /**
   * The jobs' settings on every EMR step's spark-submit line, as {@code --conf
   * spark.yarn.appMasterEnv.<variable>=${<placeholder>}}: environment variable ({@code
   * ReconSettings}) → placeholder. On the step, not in the cluster's {@code Configurations}, which
   * CloudFormation can only change by replacing the cluster.
   */
  public static final Map<String, String> JOB_SETTINGS =
      java.util.Collections.unmodifiableMap(
          new java.util.LinkedHashMap<>(
              Map.of(
                  "RECON_ENVIRONMENT", "JobEnvironment",
                  "RECON_REGION", "JobRegion",
                  "RECON_BUCKET", "JobBucket",
                  "RECON_PREFIX", "JobPrefix",
                  "RECON_INDEX_TABLE", "JobIndexTable",
                  "RECON_LEDGER_TABLE", "JobLedgerTable",
                  "RECON_REDIS_URI", "JobRedisUri",
                  "RECON_REDIS_AUTH_SECRET_ARN", "JobRedisAuthSecretArn",
                  "RECON_METRICS_LOG_GROUP", "JobMetricsLogGroup")));

  /** Each EMR step's {@code --class}: the {@code Main-Class} of its job jar (emr.job.mainClass). */
  public static final Map<String, String> STEP_MAIN_CLASS =
      Map.of(
          "recon-stateless-reducer", "dev.recon.reducer.StatelessReducerMain",
          "recon-prefetcher", "dev.recon.prefetch.PrefetcherMain",
          "recon-stateful-processor", "dev.recon.processor.ProcessorMain");

  /** EMR step names ({@code Step.Name}), the keys of {@link TaskRegistry#emrStep}. */
  public static final String REDUCER_STEP = "recon-stateless-reducer";

  public static final String PREFETCHER_STEP = "recon-prefetcher";
  public static final String PROCESSOR_STEP = "recon-stateful-processor";

  /**
   * Backlog manager actions ({@code "action"} of its requests). The first four are the backlog
   * manager's lifecycle commands; the last four are the stateful assembly line's (README).
   */
  public static final String ACTION_PLAN_STATELESS = "planStateless";

  public static final String ACTION_START = "start";
  public static final String ACTION_COMPLETE = "complete";
  public static final String ACTION_FAIL = "fail";
  public static final String ACTION_ACQUIRE_BATCH = "acquireBatch";
  public static final String ACTION_ACQUIRE_STAGE = "acquireStage";
  public static final String ACTION_RELEASE_STAGE = "releaseStage";
  public static final String ACTION_RELEASE_BATCH = "releaseBatch";

  /** The cycle's actions: the tenants to run, and the outcome over their runs. */
  public static final String ACTION_TENANTS = "tenants";

  public static final String ACTION_CYCLE_OUTCOME = "cycleOutcome";

  private Definitions() {}

  /** {@code ${name}}: the Task key of a placeholder-named resource when run unsubstituted. */
  public static String placeholder(String name) {
    return "${" + name + "}";
  }

  public static StateMachineDefinition stateless(Map<String, String> substitutions) {
    return StateMachineDefinition.fromClasspath(STATELESS, substitutions);
  }

  public static StateMachineDefinition stateful(Map<String, String> substitutions) {
    return StateMachineDefinition.fromClasspath(STATEFUL, substitutions);
  }

  public static StateMachineDefinition cycle(Map<String, String> substitutions) {
    return StateMachineDefinition.fromClasspath(CYCLE, substitutions);
  }
}
