package dev.recon.indexer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * In-process invoker for coordinator tests. It records invocations, and waiting moves the test
 * clock by the poll interval — but only while no worker is running, so time passes for a worker
 * exactly when it has gone silent (died without reporting), never while one is still working:
 * timeouts are deterministic and nobody sleeps through them.
 */
final class TestInvoker implements WorkerInvoker {
  private final InProcessWorkerInvoker delegate;
  private final MutableClock clock;
  private final AtomicInteger running = new AtomicInteger();
  final List<WorkerRequest> invocations = new CopyOnWriteArrayList<>();

  TestInvoker(Function<WorkerRequest, ?> worker, MutableClock clock) {
    this.delegate =
        new InProcessWorkerInvoker(
            request -> {
              try {
                return worker.apply(request);
              } finally {
                running.decrementAndGet();
              }
            },
            4);
    this.clock = clock;
  }

  @Override
  public void invoke(WorkerRequest request) {
    invocations.add(request);
    running.incrementAndGet();
    delegate.invoke(request);
  }

  @Override
  public void awaitReport(Duration max) throws InterruptedException {
    if (running.get() > 0) {
      delegate.awaitReport(Duration.ofSeconds(5));
    }
    if (running.get() == 0) {
      clock.advance(max);
    }
  }

  long attemptsOf(int worker) {
    return invocations.stream().filter(r -> r.worker() == worker).count();
  }

  void shutdown() {
    delegate.shutdown();
  }
}
