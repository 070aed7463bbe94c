package dev.recon.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.testing.InMemoryBatchLedger;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexedThroughTest {
  private final InMemoryBatchLedger ledger = new InMemoryBatchLedger();

  private void batch(long n, BatchStatus status, String indexStage) {
    LedgerRecord r =
        LedgerRecord.create(BatchKind.STATEFUL, Layout.seq(n), n, status, Instant.EPOCH);
    if (indexStage != null) {
      r = r.withAttributes(Map.of(LedgerNames.stage(LedgerNames.STAGE_INDEX), indexStage));
    }
    ledger.create(r);
  }

  @Test
  void compute_shouldReturnTheHighestIndexedBatch_whenLaterBatchesAreInFlight() {
    // GIVEN 1..3 indexed, 4 indexing, 5 processed, 6 being prefetched
    batch(1, BatchStatus.SUCCESS, "SUCCESS");
    batch(2, BatchStatus.SUCCESS, "SUCCESS");
    batch(3, BatchStatus.SUCCESS, "SUCCESS");
    batch(4, BatchStatus.EXECUTING, "EXECUTING");
    batch(5, BatchStatus.EXECUTING, null);
    batch(6, BatchStatus.EXECUTING, null);

    // WHEN / THEN
    assertThat(IndexedThrough.compute(ledger, 6)).isEqualTo(3);
  }

  @Test
  void compute_shouldReturnZero_whenNothingWasIndexedYet() {
    // GIVEN
    batch(1, BatchStatus.EXECUTING, "EXECUTING");
    batch(2, BatchStatus.EXECUTING, null);

    // WHEN / THEN
    assertThat(IndexedThrough.compute(ledger, 2)).isZero();
  }

  @Test
  void record_shouldKeepTheFirstValue_whenTheBatchIsPrefetchedAgain() {
    // GIVEN batch 3 prefetched while only 1 was indexed
    batch(1, BatchStatus.SUCCESS, "SUCCESS");
    batch(2, BatchStatus.EXECUTING, "EXECUTING");
    batch(3, BatchStatus.EXECUTING, null);
    assertThat(IndexedThrough.record(ledger, 3)).isEqualTo(1);

    // WHEN batch 2 finishes indexing and batch 3's prefetch is retried
    LedgerRecord two = ledger.get(BatchKind.STATEFUL, Layout.seq(2)).orElseThrow();
    ledger.update(
        two.withAttributes(Map.of(LedgerNames.stage(LedgerNames.STAGE_INDEX), "SUCCESS")));
    long again = IndexedThrough.record(ledger, 3);

    // THEN the recorded value stands (a lower value only means more in-flight reading)
    assertThat(again).isEqualTo(1);
    assertThat(
            ledger
                .get(BatchKind.STATEFUL, Layout.seq(3))
                .orElseThrow()
                .attribute(LedgerNames.INDEXED_THROUGH))
        .isEqualTo("1");
  }
}
