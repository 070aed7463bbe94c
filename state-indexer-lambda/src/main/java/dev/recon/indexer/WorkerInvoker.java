package dev.recon.indexer;

import java.time.Duration;

/**
 * How the coordinator starts a worker: an asynchronous Lambda invocation on AWS ({@link
 * LambdaWorkerInvoker}), a thread in the same process locally ({@link InProcessWorkerInvoker}).
 * Either way {@link #invoke} returns at once and the worker reports through the ledger.
 */
public interface WorkerInvoker extends AutoCloseable {

  /** Starts the worker; returns without waiting for it. Fails only if it could not be started. */
  void invoke(WorkerRequest request);

  /**
   * Waits up to {@code max} for some worker to report (locally) or simply for {@code max} (on AWS,
   * where the only signal is the ledger, which the coordinator then re-reads).
   */
  void awaitReport(Duration max) throws InterruptedException;

  /**
   * Whether the given worker attempt may still be running. On AWS nobody can tell (the answer is
   * yes and the coordinator waits for its timeout); in-process, only attempts this process started
   * can be running — an attempt recorded by a process that died (a SIGKILLed local run) is an
   * orphan, re-invoked at once instead of after the worker timeout.
   */
  default boolean mayStillRun(long batch, int worker, int attempt) {
    return true;
  }

  /**
   * Whether the given attempt is known to be running right now. In-process: its thread has not
   * returned — such an attempt is alive however long its slice takes (a local full recompute can
   * index a million entries in one worker) and is never presumed lost; its own I/O timeouts bound a
   * hang. On AWS nobody can tell (false), and the worker timeout applies.
   */
  default boolean isRunning(long batch, int worker, int attempt) {
    return false;
  }

  @Override
  default void close() {}
}
