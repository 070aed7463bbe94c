package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.runtime.LocalPipeline;
import dev.recon.stepfunctions.ExecutionResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What `recon run` prints when its stack was stopped under it by Ctrl-C, and when a stage really
 * failed.
 */
class RunReportTest {
  private static LocalPipeline.Summary failedBy(String cause) {
    ExecutionResult failed =
        new ExecutionResult(
            "arn:local:stateless:1",
            ExecutionResult.Status.FAILED,
            null,
            "States.TaskFailed",
            cause,
            List.of("StartBatch"),
            List.of());
    return new LocalPipeline.Summary(1, 0, List.of(failed));
  }

  private record Printed(int exit, String out, String err) {}

  private static synchronized Printed report(LocalPipeline.Summary s, boolean shuttingDown) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream oldOut = System.out;
    java.io.PrintStream oldErr = System.err;
    try {
      System.setOut(new java.io.PrintStream(out, true));
      System.setErr(new java.io.PrintStream(err, true));
      int exit = RunCommand.report(s, 2.0, shuttingDown);
      return new Printed(exit, out.toString(), err.toString());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void interruptedRun_shouldSayRunAgain_notFailed() {
    Printed p =
        report(
            failedBy("java.util.concurrent.RejectedExecutionException: executor shut down"), true);
    assertThat(p.exit()).isEqualTo(130);
    assertThat(p.out())
        .isEqualTo("run: 1 stateless and 0 stateful batch(es) in 2.0 s" + System.lineSeparator());
    assertThat(p.err())
        .isEqualTo("recon run: interrupted; run again to continue" + System.lineSeparator());
  }

  @Test
  void failedRun_shouldStillShowTheFailure() {
    Printed p = report(failedBy("no space"), false);
    assertThat(p.exit()).isEqualTo(1);
    assertThat(p.out())
        .contains("run: FAILED arn:local:stateless:1: States.TaskFailed")
        .contains("no space");
  }
}
