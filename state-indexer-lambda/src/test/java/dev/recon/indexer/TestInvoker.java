package dev.recon.indexer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * In-process invoker for coordinator tests: records invocations, and makes waiting advance the
 * test clock by the poll interval (after a short real wait for workers to report), so a silent
 * worker times out without the test sleeping for the timeout.
 */
final class TestInvoker implements WorkerInvoker {
  private final InProcessWorkerInvoker delegate;
  private final MutableClock clock;
  final List<WorkerRequest> invocations = new CopyOnWriteArrayList<>();

  TestInvoker(Function<WorkerRequest, ?> worker, MutableClock clock) {
    this.delegate = new InProcessWorkerInvoker(worker, 4);
    this.clock = clock;
  }

  @Override
  public void invoke(WorkerRequest request) {
    invocations.add(request);
    delegate.invoke(request);
  }

  @Override
  public void awaitReport(Duration max) throws InterruptedException {
    delegate.awaitReport(Duration.ofMillis(50));
    clock.advance(max);
  }

  long attemptsOf(int worker) {
    return invocations.stream().filter(r -> r.worker() == worker).count();
  }

  void shutdown() {
    delegate.shutdown();
  }
}
