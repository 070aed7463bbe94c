package dev.recon.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.error.ReconException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.testing.CountingBatchLedger;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LedgerUpdatesTest {
  private static final String ID = "0000000007";
  private static final Instant T0 = Instant.parse("2026-11-22T07:00:00Z");

  /**
   * A ledger holding STATEFUL record {@code ID} where another writer (the prefetcher recording how
   * far the index goes) updates the record just before each of our first {@code raced} updates, so
   * each of them loses its condition.
   */
  private static CountingBatchLedger ledger(int raced) {
    CountingBatchLedger l = new CountingBatchLedger();
    l.create(LedgerRecord.create(BatchKind.STATEFUL, ID, 7, BatchStatus.EXECUTING, T0));
    return l.beforeUpdate(
        (next, n) -> {
          if (n <= raced) {
            LedgerRecord cur = l.delegate.get(BatchKind.STATEFUL, ID).orElseThrow();
            l.delegate.update(cur.withAttributes(Map.of("indexedThrough", Integer.toString(n))));
          }
        });
  }

  private static final UnaryOperator<LedgerRecord> PROCESS_DONE =
      r -> r.withAttributes(Map.of("stage.process", "SUCCESS"));

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void update_shouldWriteTheChange_andReturnTheStoredCopy_whenNobodyRaces() {
    // GIVEN
    CountingBatchLedger ledger = ledger(0);

    // WHEN
    LedgerRecord stored = LedgerUpdates.update(ledger, BatchKind.STATEFUL, ID, PROCESS_DONE);

    // THEN one read, one write, and the caller gets the stored revision
    assertThat(stored.revision()).isEqualTo(1);
    assertThat(stored.attribute("stage.process")).isEqualTo("SUCCESS");
    assertThat(ledger.delegate.get(BatchKind.STATEFUL, ID)).contains(stored);
    assertThat(ledger.gets).hasValue(1);
    assertThat(ledger.updates).hasValue(1);
  }

  @Test
  void update_shouldReapplyTheChangeToTheFreshCopy_whenAnotherWriterGotThereFirst() {
    // GIVEN two writers race the first three updates
    CountingBatchLedger ledger = ledger(3);
    long started = System.nanoTime();

    // WHEN
    LedgerRecord stored = LedgerUpdates.update(ledger, BatchKind.STATEFUL, ID, PROCESS_DONE);

    // THEN both writers' attributes are kept: ours was applied to the copy the other one wrote
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(stored.attributes())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(Map.of("indexedThrough", "3", "stage.process", "SUCCESS")));
    assertThat(stored.revision()).isEqualTo(4); // three rival writes and ours
    assertThat(ledger.gets).hasValue(4);
    assertThat(ledger.updates).hasValue(4);
    // AND it backed off between attempts: at least half of 10, 20 and 40 ms
    assertThat(elapsedMs).isGreaterThanOrEqualTo(5 + 10 + 20);
  }

  @Test
  void update_shouldSkipTheWrite_whenTheChangeLeavesTheRecordAsItIs() {
    // GIVEN
    CountingBatchLedger ledger = ledger(0);
    LedgerRecord before = ledger.delegate.get(BatchKind.STATEFUL, ID).orElseThrow();

    // WHEN the change finds nothing to do
    LedgerRecord got =
        LedgerUpdates.update(
            ledger, BatchKind.STATEFUL, ID, r -> r.withAttributes(Map.of()).withCounts(Map.of()));

    // THEN the current record comes back, unwritten
    assertThat(got).isEqualTo(before);
    assertThat(got.revision()).isZero();
    assertThat(ledger.updates).hasValue(0);
  }

  @Test
  void update_shouldRefuse_whenThereIsNoSuchRecord() {
    CountingBatchLedger ledger = ledger(0);
    assertThatThrownBy(
            () -> LedgerUpdates.update(ledger, BatchKind.STATEFUL, "0000000008", PROCESS_DONE))
        .isExactlyInstanceOf(ReconException.class)
        .hasMessage("ledger has no STATEFUL record 0000000008");
    assertThatThrownBy(() -> LedgerUpdates.update(ledger, BatchKind.STATELESS, ID, PROCESS_DONE))
        .hasMessage("ledger has no STATELESS record 0000000007");
    assertThat(ledger.updates).hasValue(0);
  }

  @Test
  void update_shouldGiveUpWithTheLastConflict_afterTwentyAttempts() {
    // GIVEN a record some other writer always updates first
    CountingBatchLedger ledger = ledger(Integer.MAX_VALUE);

    // WHEN / THEN
    assertThatThrownBy(() -> LedgerUpdates.update(ledger, BatchKind.STATEFUL, ID, PROCESS_DONE))
        .isInstanceOf(LedgerConflictException.class)
        .hasMessage("stale revision of " + ID);
    assertThat(LedgerUpdates.MAX_ATTEMPTS_DEFAULT).isEqualTo(20);
    assertThat(ledger.gets).hasValue(20);
    assertThat(ledger.updates).hasValue(20);
    // the rival's writes all landed, ours never did
    LedgerRecord last = ledger.delegate.get(BatchKind.STATEFUL, ID).orElseThrow();
    assertThat(last.attribute("stage.process")).isNull();
    assertThat(last.attribute("indexedThrough")).isEqualTo("20");
  }

  @Test
  void update_shouldStopAndKeepTheInterrupt_whenInterruptedWhileBackingOff() {
    // GIVEN a lost first attempt and a thread asked to stop
    CountingBatchLedger ledger = ledger(1);
    Thread.currentThread().interrupt();

    // WHEN / THEN
    assertThatThrownBy(() -> LedgerUpdates.update(ledger, BatchKind.STATEFUL, ID, PROCESS_DONE))
        .isExactlyInstanceOf(ReconException.class)
        .hasMessage("interrupted while retrying a ledger update")
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
    assertThat(ledger.gets).hasValue(1);
  }
}
