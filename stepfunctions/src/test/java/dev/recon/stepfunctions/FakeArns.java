package dev.recon.stepfunctions;

import java.util.Map;

/** Substitutions with well-formed but fake ARNs, for tools that insist on ARN syntax. */
public final class FakeArns {
  /** The jobs' settings on the EMR steps, as the template substitutes them. */
  private static final Map<String, String> JOB_SETTINGS =
      Map.of(
          "JobEnvironment", "test",
          "JobRegion", "us-east-1",
          "JobBucket", "recon-test-123456789012-us-east-1",
          "JobPrefix", "test",
          "JobIndexTable", "recon-test-index",
          "JobLedgerTable", "recon-test-ledger",
          "JobRedisUri", "rediss://master.recon-test.cache.amazonaws.com:6379",
          "JobRedisAuthSecretArn",
              "arn:aws:secretsmanager:us-east-1:123456789012:secret:recon-test-redis-AbCdEf",
          "JobMetricsLogGroup", "recon-test-spark-metrics");

  public static final Map<String, String> SUBSTITUTIONS =
      withJobSettings(
          Map.of(
              Definitions.BACKLOG_MANAGER_FUNCTION_ARN,
                  "arn:aws:lambda:us-east-1:123456789012:function:recon-test-backlog-manager",
              Definitions.INDEXER_COORDINATOR_FUNCTION_ARN,
                  "arn:aws:lambda:us-east-1:123456789012:function:recon-test-indexer-coordinator",
              Definitions.INDEXER_WORKER_FUNCTION_ARN,
                  "arn:aws:lambda:us-east-1:123456789012:function:recon-test-indexer-worker",
              Definitions.EMR_CLUSTER_ID, "j-TESTCLUSTER1",
              Definitions.STATELESS_REDUCER_JAR_URI,
                  "s3://recon-test-artifacts/jars/stateless-reducer.jar",
              Definitions.PREFETCHER_JAR_URI, "s3://recon-test-artifacts/jars/prefetcher.jar",
              Definitions.STATEFUL_PROCESSOR_JAR_URI,
                  "s3://recon-test-artifacts/jars/stateful-processor.jar",
              Definitions.STATEFUL_STATE_MACHINE_ARN,
                  "arn:aws:states:us-east-1:123456789012:stateMachine:recon-test-stateful"));

  private static Map<String, String> withJobSettings(Map<String, String> base) {
    Map<String, String> all = new java.util.HashMap<>(base);
    all.putAll(JOB_SETTINGS);
    return Map.copyOf(all);
  }

  private FakeArns() {}
}
