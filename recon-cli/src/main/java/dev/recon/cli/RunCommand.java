package dev.recon.cli;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.tenant.TenantId;
import dev.recon.runtime.LocalPipeline;
import dev.recon.spark.ReconSpark;
import dev.recon.stepfunctions.ExecutionResult;
import dev.recon.stepfunctions.Sleeper;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

@Command(
    name = "run",
    description =
        "Run the workflows until no input is pending: locally through the state-machine runner, or with --aws on a deployed stack.")
final class RunCommand implements Callable<Integer> {
  @Mixin HomeOption home;

  @Option(
      names = "--aws",
      description =
          "Start an execution of the deployed stateless workflow instead, and wait for its outcome.")
  boolean aws;

  @Option(
      names = "--state-machine-arn",
      paramLabel = "ARN",
      description =
          "With --aws: the cycle state machine (every tenant with work, or only --tenant), or the"
              + " stateless one (one tenant's run).")
  String stateMachineArn;

  @Option(
      names = "--no-wait",
      description = "With --aws: only start the execution; do not wait for its outcome.")
  boolean noWait;

  @Option(
      names = "--price-table",
      paramLabel = "FILE",
      description =
          "Locally: price the batches that finish with this price table (the format of the bundled"
              + " aws-us-east-1.json) instead of the bundled one; on AWS set RECON_PRICE_TABLE.")
  String priceTable;

  @Option(
      names = "--rules",
      paramLabel = "FILE",
      description =
          "Locally: match statement lines with this rule set (YAML, see recon rules check) from"
              + " this run on, for --tenant (default: default); a new configuration version unless"
              + " it is already in force. Default: $"
              + MatchRules.ENV
              + " when set.")
  String rules;

  @Option(
      names = "--poll-seconds",
      paramLabel = "S",
      description = "With --aws: seconds between status checks (default: ${DEFAULT-VALUE}).",
      defaultValue = "10")
  long pollSeconds;

  /**
   * Starts one execution of the stateless workflow and, unless {@code wait} is false, polls it
   * until it leaves RUNNING: 0 when it SUCCEEDED, 1 (with its error and cause) when it FAILED,
   * TIMED OUT or was ABORTED.
   */
  static int runOnAws(SfnClient sfn, String stateMachineArn, boolean wait, Duration poll) {
    return runOnAws(sfn, stateMachineArn, Optional.empty(), wait, poll);
  }

  /**
   * As {@link #runOnAws(SfnClient, String, boolean, Duration)} with {@code {"tenant": T}} as the
   * input when a tenant is named (the cycle machine then runs only T; without one, every tenant).
   */
  static int runOnAws(
      SfnClient sfn,
      String stateMachineArn,
      Optional<TenantId> tenant,
      boolean wait,
      Duration poll) {
    String input = tenant.map(t -> "{\"tenant\":\"" + t.value() + "\"}").orElse("{}");
    String arn =
        sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).input(input)).executionArn();
    System.out.println("started " + arn);
    if (!wait) {
      return Exit.OK;
    }
    while (true) {
      DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(arn));
      if (d.status() != ExecutionStatus.RUNNING) {
        if (d.status() == ExecutionStatus.SUCCEEDED) {
          System.out.println("execution " + arn + " SUCCEEDED");
          return Exit.OK;
        }
        System.err.println(
            "recon run --aws: execution "
                + arn
                + " "
                + d.statusAsString()
                + (d.error() == null ? "" : ": " + d.error())
                + (d.cause() == null ? "" : " (" + d.cause() + ")")
                + "; `aws stepfunctions get-execution-history --execution-arn "
                + arn
                + "` shows where");
        return Exit.FAILED;
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        System.err.println("recon run --aws: interrupted; execution " + arn + " keeps running");
        return Exit.INTERRUPTED;
      }
    }
  }

  @Override
  public Integer call() {
    if (aws) {
      if (rules != null) {
        System.err.println(
            "recon run --aws: --rules is local only; on AWS a tenant's rule set is its"
                + " configuration's (store it under the tenant's config/rules/ prefix and name it"
                + " there)");
        return Exit.USAGE;
      }
      if (stateMachineArn == null) {
        System.err.println("recon run --aws: --state-machine-arn is required");
        return Exit.USAGE;
      }
      try (SfnClient sfn = SfnClient.create()) {
        return runOnAws(
            sfn, stateMachineArn, home.named(), !noWait, Duration.ofSeconds(pollSeconds));
      } catch (SdkException e) {
        System.err.println(
            "recon run --aws: AWS did not accept the call: "
                + e.getMessage()
                + " (check the ARN, the region (AWS_REGION) and the credentials)");
        return Exit.FAILED;
      }
    }
    if (priceTable != null) {
      try {
        dev.recon.core.cost.PriceTable.load(priceTable);
      } catch (RuntimeException e) {
        System.err.println("recon run: --price-table: " + e.getMessage());
        return Exit.USAGE;
      }
    }
    String ruleSet = rules != null ? rules : System.getenv(MatchRules.ENV);
    if (ruleSet != null && ruleSet.isBlank()) {
      ruleSet = null;
    }
    // Ctrl-C: the stack's own shutdown hook stops the servers under the running stage, which then
    // fails; this hook says what it means instead (runLocal keeps quiet about such failures).
    Thread interrupted =
        new Thread(() -> Interruption.announce(stderr(), "run"), "recon-run-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    try (LocalSession session = LocalSession.openExisting(home.home(), "run")) {
      if (ruleSet != null) {
        MatchRules.use(
            session,
            home.named().orElse(TenantId.DEFAULT),
            ruleSet,
            "recon run --rules",
            "recon run",
            System.out);
      }
      if (priceTable == null) {
        return runLocal(session.sharedClients(), home.named(), true);
      }
      try (AwsClientFactory priced =
          new AwsClientFactory(
              session.sharedClients().settings().toBuilder().priceTable(priceTable).build())) {
        return runLocal(priced, home.named(), true);
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(interrupted);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs
      }
    }
  }

  private static java.io.PrintWriter stderr() {
    return new java.io.PrintWriter(System.err, true);
  }

  /** Runs the local pipeline until idle and prints what it did; 0 when nothing failed. */
  static int runLocal(AwsClientFactory clients, Optional<TenantId> only, boolean verbose) {
    SparkSession spark = ReconSpark.session("recon");
    LocalPipeline pipeline =
        new LocalPipeline(
            clients,
            spark,
            Sleeper.none(),
            line -> {
              if (verbose) {
                System.err.println("  " + line);
              }
            });
    long started = System.nanoTime();
    LocalPipeline.Summary s = pipeline.runUntilIdle(only);
    return report(s, (System.nanoTime() - started) / 1e9, Interruption.jvmShuttingDown());
  }

  /**
   * Prints what a run did; 0 when nothing failed. A run cut short by Ctrl-C is not a failure: what
   * it held is taken over by the next run, so it says so (exit 130) instead of showing the errors
   * the stopped servers caused.
   */
  static int report(LocalPipeline.Summary s, double seconds, boolean shuttingDown) {
    System.out.printf(
        "run: %d stateless and %d stateful batch(es) in %.1f s%n",
        s.statelessRuns(), s.statefulRuns(), seconds);
    if (shuttingDown) {
      Interruption.announce(stderr(), "run");
      return Exit.INTERRUPTED;
    }
    for (ExecutionResult f : s.failures()) {
      System.out.printf("run: FAILED %s: %s%n  %s%n", f.executionArn(), f.error(), f.cause());
    }
    return s.ok() ? Exit.OK : Exit.FAILED;
  }
}
