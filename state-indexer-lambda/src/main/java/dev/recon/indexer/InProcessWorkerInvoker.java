package dev.recon.indexer;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workers on threads of this process (local mode, tests), behind the same interface as the
 * Lambda invoker. A finished worker — whatever its outcome — wakes the waiting coordinator at once,
 * so local runs do not wait out poll intervals.
 */
public final class InProcessWorkerInvoker implements WorkerInvoker {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessWorkerInvoker.class);

  private final Function<WorkerRequest, ?> worker;
  private final ExecutorService executor;
  private final Semaphore reports = new Semaphore(0);

  /** Attempts this process started ("batch/worker/attempt"): only these can be running. */
  private final java.util.Set<String> started = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Attempts whose thread has not returned yet. */
  private final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param threads workers running at once (Lambda runs them all at once; locally a few suffice)
   */
  public InProcessWorkerInvoker(Function<WorkerRequest, ?> worker, int threads) {
    this.worker = Objects.requireNonNull(worker, "worker");
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "index-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void invoke(WorkerRequest request) {
    String key = key(request.batch(), request.worker(), request.attempt());
    started.add(key);
    running.add(key);
    executor.execute(
        () -> {
          try {
            worker.apply(request);
          } catch (Throwable t) {
            // As on Lambda, the failure is the worker's to report (it records FAILURE in the
            // ledger);
            // a worker that died without reporting is found by the coordinator's timeout.
            LOG.warn(
                "worker {} attempt {} of batch {} ended with {}",
                request.worker(),
                request.attempt(),
                request.batch(),
                t.toString());
          } finally {
            running.remove(key);
            reports.release();
          }
        });
  }

  @Override
  public boolean mayStillRun(long batch, int worker, int attempt) {
    return started.contains(key(batch, worker, attempt));
  }

  @Override
  public boolean isRunning(long batch, int worker, int attempt) {
    return running.contains(key(batch, worker, attempt));
  }

  private static String key(long batch, int worker, int attempt) {
    return batch + "/" + worker + "/" + attempt;
  }

  @Override
  public void awaitReport(Duration max) throws InterruptedException {
    if (reports.tryAcquire(max.toMillis(), TimeUnit.MILLISECONDS)) {
      reports.drainPermits();
    }
  }

  /** Stops the worker threads (workers still running are interrupted). */
  public void shutdown() {
    executor.shutdownNow();
  }
}
