package dev.recon.indexer;

import java.time.Duration;

/**
 * Tuning of the coordinator and workers, with documented defaults. Request fields override the
 * per-batch ones; the rest are wiring choices of the handlers (and tests).
 *
 * @param partFilesPerWorker part-files per worker
 * @param maxAttempts invocations per worker before the batch fails
 * @param workerTimeout an attempt neither finished nor restarted this long after its invocation (or
 *     its start) is presumed lost
 * @param pollInterval how often the coordinator re-reads the ledger while workers run
 * @param coordinatorMargin the coordinator returns EXECUTING when its own remaining time drops
 *     below this, instead of being killed mid-update
 * @param indexThreads concurrent conditional index writes per worker
 * @param writeBatchSize entries written (then cached in one pipeline) per round
 * @param writeBatchBytes cached bytes buffered per round, whichever limit comes first
 */
public record IndexerConfig(
    int partFilesPerWorker,
    int maxAttempts,
    Duration workerTimeout,
    Duration pollInterval,
    Duration coordinatorMargin,
    int indexThreads,
    int writeBatchSize,
    long writeBatchBytes) {

  public static final int PART_FILES_PER_WORKER_DEFAULT = 5;
  public static final int MAX_ATTEMPTS_DEFAULT = 3;

  /** Lambda's hard 15-minute limit plus a minute for queueing and clock skew. */
  public static final Duration WORKER_TIMEOUT_DEFAULT = Duration.ofMinutes(16);

  public static final Duration POLL_INTERVAL_DEFAULT = Duration.ofSeconds(2);
  public static final Duration COORDINATOR_MARGIN_DEFAULT = Duration.ofSeconds(20);
  public static final int INDEX_THREADS_DEFAULT = 16;
  public static final int WRITE_BATCH_SIZE_DEFAULT = 500;
  public static final long WRITE_BATCH_BYTES_DEFAULT = 32L * 1024 * 1024;

  public static final IndexerConfig DEFAULTS =
      new IndexerConfig(
          PART_FILES_PER_WORKER_DEFAULT,
          MAX_ATTEMPTS_DEFAULT,
          WORKER_TIMEOUT_DEFAULT,
          POLL_INTERVAL_DEFAULT,
          COORDINATOR_MARGIN_DEFAULT,
          INDEX_THREADS_DEFAULT,
          WRITE_BATCH_SIZE_DEFAULT,
          WRITE_BATCH_BYTES_DEFAULT);

  public IndexerConfig {
    if (partFilesPerWorker < 1
        || maxAttempts < 1
        || indexThreads < 1
        || writeBatchSize < 1
        || writeBatchBytes < 1) {
      throw new IllegalArgumentException("bad indexer config");
    }
  }

  /** This config with the request's overrides applied. */
  public IndexerConfig with(CoordinatorRequest r) {
    return new IndexerConfig(
        r.partFilesPerWorker() != null ? r.partFilesPerWorker() : partFilesPerWorker,
        r.maxAttempts() != null ? r.maxAttempts() : maxAttempts,
        r.workerTimeoutSeconds() != null
            ? Duration.ofSeconds(r.workerTimeoutSeconds())
            : workerTimeout,
        pollInterval,
        coordinatorMargin,
        indexThreads,
        writeBatchSize,
        writeBatchBytes);
  }

  public IndexerConfig withTimings(Duration timeout, Duration poll) {
    return new IndexerConfig(
        partFilesPerWorker,
        maxAttempts,
        timeout,
        poll,
        coordinatorMargin,
        indexThreads,
        writeBatchSize,
        writeBatchBytes);
  }

  public IndexerConfig withWriteBatchSize(int n) {
    return new IndexerConfig(
        partFilesPerWorker,
        maxAttempts,
        workerTimeout,
        pollInterval,
        coordinatorMargin,
        indexThreads,
        n,
        writeBatchBytes);
  }
}
