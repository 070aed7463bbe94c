package dev.recon.stepfunctions;

import java.util.Map;

/** Substitutions with well-formed but fake ARNs, for tools that insist on ARN syntax. */
public final class FakeArns {
  public static final Map<String, String> SUBSTITUTIONS =
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
              "arn:aws:states:us-east-1:123456789012:stateMachine:recon-test-stateful");

  private FakeArns() {}
}
