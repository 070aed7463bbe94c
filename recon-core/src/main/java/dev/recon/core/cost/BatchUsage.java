package dev.recon.core.cost;

import dev.recon.core.contract.CountNames;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.metrics.IoCounts;
import dev.recon.core.metrics.IoMetric;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.model.LedgerRecord;

/**
 * What one batch used, as its stages recorded it: the billable requests of every stage, the Spark
 * stages' wall time (run on the EMR cluster) and the indexer's Lambda invocations and durations.
 *
 * @param s3PutRequests PUT (multipart parts included) and LIST requests: S3's PUT price
 * @param s3GetRequests GET and HEAD requests: S3's GET price
 * @param dynamoDbWriteUnits items written (every index entry is under 1 KB: one write unit)
 * @param dynamoDbReadUnits items read (strongly consistent, under 4 KB: one read unit)
 * @param emrMs wall time of the Spark stages (reduce, prefetch, process)
 * @param workerInvocations indexer worker invocations (every attempt)
 * @param workerMs what the successful worker invocations ran
 * @param coordinatorInvocations indexer coordinator invocations
 * @param coordinatorMs the coordinator's wall time (it waits for its workers)
 */
public record BatchUsage(
    long s3PutRequests,
    long s3GetRequests,
    long dynamoDbWriteUnits,
    long dynamoDbReadUnits,
    long emrMs,
    long workerInvocations,
    long workerMs,
    long coordinatorInvocations,
    long coordinatorMs) {

  public static final BatchUsage NONE = new BatchUsage(0, 0, 0, 0, 0, 0, 0, 0, 0);

  public BatchUsage {
    if (s3PutRequests < 0
        || s3GetRequests < 0
        || dynamoDbWriteUnits < 0
        || dynamoDbReadUnits < 0
        || emrMs < 0
        || workerInvocations < 0
        || workerMs < 0
        || coordinatorInvocations < 0
        || coordinatorMs < 0) {
      throw new IllegalArgumentException("negative usage");
    }
  }

  /**
   * A batch's usage from its ledger record: every stage's {@code metrics.<stage>.*} counts, plus
   * the indexer's {@code index.invocations} and {@code index.workerMs}. A stage that recorded no
   * metrics (not run yet, or failed before it could) adds nothing.
   */
  public static BatchUsage fromLedger(LedgerRecord r) {
    IoCounts io = IoCounts.ZERO;
    long emrMs = 0;
    long coordinatorInvocations = 0;
    long coordinatorMs = 0;
    for (StageMetrics m : StageMetrics.allFromLedger(r)) {
      io = io.plus(m.io());
      if (m.stage().equals(LedgerNames.STAGE_INDEX)) {
        coordinatorInvocations = 1;
        coordinatorMs = m.durationMs();
      } else {
        emrMs = Math.addExact(emrMs, m.durationMs());
      }
    }
    boolean indexed = coordinatorInvocations > 0;
    return new BatchUsage(
        io.get(IoMetric.S3_PUT_REQUESTS) + io.get(IoMetric.S3_LIST_REQUESTS),
        io.get(IoMetric.S3_GET_REQUESTS) + io.get(IoMetric.S3_HEAD_REQUESTS),
        io.get(IoMetric.DYNAMODB_WRITES),
        io.get(IoMetric.DYNAMODB_READS),
        emrMs,
        indexed ? r.count(CountNames.index(CountNames.INVOCATIONS)) : 0,
        indexed ? r.count(CountNames.index(CountNames.WORKER_MS)) : 0,
        coordinatorInvocations,
        coordinatorMs);
  }

  /** Requests counted by a client of S3 and DynamoDB alone (the transactional design's). */
  public static BatchUsage ofRequests(IoCounts io) {
    return new BatchUsage(
        io.get(IoMetric.S3_PUT_REQUESTS) + io.get(IoMetric.S3_LIST_REQUESTS),
        io.get(IoMetric.S3_GET_REQUESTS) + io.get(IoMetric.S3_HEAD_REQUESTS),
        io.get(IoMetric.DYNAMODB_WRITES),
        io.get(IoMetric.DYNAMODB_READS),
        0,
        0,
        0,
        0,
        0);
  }
}
