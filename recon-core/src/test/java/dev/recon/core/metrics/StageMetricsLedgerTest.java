package dev.recon.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.testing.InMemoryBatchLedger;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageMetricsLedgerTest {

  @Test
  void record_shouldWriteTheStagesCountsOntoTheBatchRecord_keepingTheOthers() {
    // GIVEN a stateful batch record that already holds a count of its own
    InMemoryBatchLedger ledger = new InMemoryBatchLedger();
    ledger.create(
        LedgerRecord.create(
                BatchKind.STATEFUL, "0000000002", 2, BatchStatus.EXECUTING, Instant.EPOCH)
            .withCounts(Map.of("prefetch.keys", 100L)));

    // WHEN the prefetch stage records its metrics (StageMetricsTest.sample())
    LedgerRecord written =
        StageMetricsLedger.record(ledger, BatchKind.STATEFUL, StageMetricsTest.sample());

    // THEN the stored record carries them, under metrics.prefetch.*, beside the earlier count
    LedgerRecord stored = ledger.get(BatchKind.STATEFUL, "0000000002").orElseThrow();
    assertThat(written).isEqualTo(stored);
    assertThat(stored.revision()).isEqualTo(1);
    assertThat(stored.count("prefetch.keys")).isEqualTo(100);
    assertThat(stored.count("metrics.prefetch.eventsIn")).isEqualTo(100);
    assertThat(stored.count("metrics.prefetch.eventsOut")).isEqualTo(90);
    assertThat(stored.count("metrics.prefetch.quarantined")).isEqualTo(3);
    assertThat(stored.count("metrics.prefetch.quarantined.BAD_AMOUNT")).isEqualTo(2);
    assertThat(stored.count("metrics.prefetch.durationMs")).isEqualTo(1234);
    assertThat(stored.count("metrics.prefetch.s3PutRequests")).isEqualTo(6);
    assertThat(StageMetrics.fromLedger("prefetch", stored)).contains(StageMetricsTest.sample());
  }

  @Test
  void record_shouldReplaceTheCountsOfAnEarlierRun_whenTheStageRanAgain() {
    InMemoryBatchLedger ledger = new InMemoryBatchLedger();
    ledger.create(
        LedgerRecord.create(
            BatchKind.STATELESS, "0000000007", 7, BatchStatus.EXECUTING, Instant.EPOCH));
    StageMetricsLedger.record(
        ledger,
        BatchKind.STATELESS,
        new StageMetrics("reduce", "0000000007", 10, 8, null, 50, IoCounts.ZERO));
    LedgerRecord second =
        StageMetricsLedger.record(
            ledger,
            BatchKind.STATELESS,
            new StageMetrics("reduce", "0000000007", 12, 11, null, 70, IoCounts.ZERO));
    assertThat(second.count("metrics.reduce.eventsIn")).isEqualTo(12);
    assertThat(second.count("metrics.reduce.eventsOut")).isEqualTo(11);
    assertThat(second.count("metrics.reduce.durationMs")).isEqualTo(70);
    assertThat(second.revision()).isEqualTo(2);
  }
}
