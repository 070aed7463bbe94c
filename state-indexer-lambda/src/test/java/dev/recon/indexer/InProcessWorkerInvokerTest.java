package dev.recon.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InProcessWorkerInvokerTest {
  @Test
  void mayStillRun_shouldBeTrueOnlyForAttemptsThisProcessStarted() {
    // GIVEN an invoker that started worker 0, attempt 2, of batch 7
    InProcessWorkerInvoker invoker = new InProcessWorkerInvoker(r -> null, 1);
    invoker.invoke(new WorkerRequest(7, 0, 2, List.of("state/0000000007/part-00000.jsonl")));
    // THEN only that attempt may be running; one recorded by a dead process is an orphan
    assertThat(invoker.mayStillRun(7, 0, 2)).isTrue();
    assertThat(invoker.mayStillRun(7, 0, 1)).isFalse();
    assertThat(invoker.mayStillRun(7, 1, 2)).isFalse();
    assertThat(invoker.mayStillRun(8, 0, 2)).isFalse();
    invoker.shutdown();
  }

  @Test
  void isRunning_shouldBeTrueExactlyWhileTheAttemptsThreadHasNotReturned() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    InProcessWorkerInvoker invoker =
        new InProcessWorkerInvoker(
            r -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return null;
            },
            1);
    invoker.invoke(new WorkerRequest(7, 0, 1, List.of("state/0000000007/part-00000.jsonl")));
    assertThat(invoker.isRunning(7, 0, 1)).isTrue();
    assertThat(invoker.isRunning(7, 1, 1)).isFalse();
    release.countDown();
    invoker.awaitReport(java.time.Duration.ofSeconds(30));
    assertThat(invoker.isRunning(7, 0, 1)).as("returned").isFalse();
    assertThat(invoker.mayStillRun(7, 0, 1)).as("still one of ours").isTrue();
    invoker.shutdown();
  }

  @Test
  void mayStillRun_shouldDefaultToTrue_whenNobodyCanTell() {
    WorkerInvoker aws =
        new WorkerInvoker() {
          @Override
          public void invoke(WorkerRequest request) {}

          @Override
          public void awaitReport(java.time.Duration max) {}
        };
    assertThat(aws.mayStillRun(1, 0, 1)).isTrue();
    assertThat(aws.isRunning(1, 0, 1)).as("on AWS the timeout decides").isFalse();
  }
}
