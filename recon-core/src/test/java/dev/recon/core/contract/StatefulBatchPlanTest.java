package dev.recon.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.error.ReconException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.testing.CountingBatchLedger;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a stateful batch covers: its STATEFUL ledger record, with job arguments overriding it. */
class StatefulBatchPlanTest {
  private static final Instant AS_OF = Instant.parse("2026-11-22T11:00:00Z");

  /** A ledger holding STATEFUL 0000000007 with stateless 9..10 and window end 11:00. */
  private static CountingBatchLedger planned(Map<String, String> attributes) {
    CountingBatchLedger ledger = new CountingBatchLedger();
    ledger.create(
        LedgerRecord.create(BatchKind.STATEFUL, "0000000007", 7, BatchStatus.INITIATED, AS_OF)
            .withAttributes(attributes));
    return ledger;
  }

  private static CountingBatchLedger planned() {
    return planned(
        Map.of("statelessFrom", "9", "statelessTo", "10", "windowEnd", "2026-11-22T11:00:00Z"));
  }

  @Test
  void new_shouldAcceptAPlanOfOneOrMoreStatelessBatches() {
    assertThat(new StatefulBatchPlan(1, 1, 1, null))
        .extracting(
            StatefulBatchPlan::batch,
            StatefulBatchPlan::statelessFrom,
            StatefulBatchPlan::statelessTo)
        .containsExactly(1L, 1L, 1L);
  }

  @Test
  void new_shouldRefuse_whenABatchNumberIsBelowOne_orTheRangeIsBackwards() {
    assertThatThrownBy(() -> new StatefulBatchPlan(0, 1, 1, AS_OF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad plan: batch 0 stateless 1..1");
    assertThatThrownBy(() -> new StatefulBatchPlan(1, 0, 1, AS_OF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad plan: batch 1 stateless 0..1");
    assertThatThrownBy(() -> new StatefulBatchPlan(1, 3, 2, AS_OF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad plan: batch 1 stateless 3..2");
  }

  @Test
  void resolve_shouldReadTheLedger_whenNothingIsOverridden() {
    CountingBatchLedger ledger = planned();

    assertThat(StatefulBatchPlan.resolve(ledger, 7, null, null, null, true))
        .isEqualTo(new StatefulBatchPlan(7, 9, 10, AS_OF));
    assertThat(ledger.gets).hasValue(1);
  }

  @Test
  void resolve_shouldLeaveAsOfOut_whenItIsNotRequired() {
    assertThat(StatefulBatchPlan.resolve(planned(), 7, null, null, null, false))
        .isEqualTo(new StatefulBatchPlan(7, 9, 10, null));
    // the prefetcher needs no window end, so a record without one does
    CountingBatchLedger noEnd = planned(Map.of("statelessFrom", "9", "statelessTo", "10"));
    assertThat(StatefulBatchPlan.resolve(noEnd, 7, null, null, null, false))
        .isEqualTo(new StatefulBatchPlan(7, 9, 10, null));
  }

  @Test
  void resolve_shouldLetEachOverrideWin_overTheLedger() {
    Instant later = Instant.parse("2026-11-22T12:00:00Z");
    assertThat(StatefulBatchPlan.resolve(planned(), 7, 8L, null, null, true))
        .isEqualTo(new StatefulBatchPlan(7, 8, 10, AS_OF));
    assertThat(StatefulBatchPlan.resolve(planned(), 7, null, 12L, null, true))
        .isEqualTo(new StatefulBatchPlan(7, 9, 12, AS_OF));
    assertThat(StatefulBatchPlan.resolve(planned(), 7, null, null, later, true))
        .isEqualTo(new StatefulBatchPlan(7, 9, 10, later));
    assertThat(StatefulBatchPlan.resolve(planned(), 7, null, null, later, false))
        .isEqualTo(new StatefulBatchPlan(7, 9, 10, later));
  }

  @Test
  void resolve_shouldNotReadTheLedger_whenEveryNeededValueIsGiven() {
    // GIVEN a ledger without the batch: a manual replay
    CountingBatchLedger empty = new CountingBatchLedger();

    // WHEN / THEN
    assertThat(StatefulBatchPlan.resolve(empty, 7, 2L, 3L, AS_OF, true))
        .isEqualTo(new StatefulBatchPlan(7, 2, 3, AS_OF));
    assertThat(StatefulBatchPlan.resolve(empty, 7, 2L, 3L, null, false))
        .isEqualTo(new StatefulBatchPlan(7, 2, 3, null));
    assertThat(StatefulBatchPlan.resolve(empty, 7, 2L, 3L, AS_OF, false))
        .isEqualTo(new StatefulBatchPlan(7, 2, 3, AS_OF));
    assertThat(empty.gets).hasValue(0);
  }

  @Test
  void resolve_shouldReadTheLedger_whenARequiredAsOfIsMissing() {
    CountingBatchLedger ledger = planned();

    assertThat(StatefulBatchPlan.resolve(ledger, 7, 2L, 3L, null, true))
        .isEqualTo(new StatefulBatchPlan(7, 2, 3, AS_OF));
    assertThat(ledger.gets).hasValue(1);
  }

  @Test
  void resolve_shouldRefuse_whenTheRecordOrANeededAttributeIsMissing() {
    assertThatThrownBy(
            () -> StatefulBatchPlan.resolve(new CountingBatchLedger(), 7, null, 3L, AS_OF, true))
        .isExactlyInstanceOf(ReconException.class)
        .hasMessage("ledger has no STATEFUL record 0000000007");
    assertThatThrownBy(
            () ->
                StatefulBatchPlan.resolve(
                    planned(Map.of("statelessFrom", "9")), 7, null, null, AS_OF, true))
        .isExactlyInstanceOf(ReconException.class)
        .hasMessage("STATEFUL record 0000000007 lacks attribute statelessTo");
    assertThatThrownBy(
            () ->
                StatefulBatchPlan.resolve(
                    planned(Map.of("statelessFrom", " ", "statelessTo", "10")),
                    7,
                    null,
                    null,
                    AS_OF,
                    true))
        .hasMessage("STATEFUL record 0000000007 lacks attribute statelessFrom");
    assertThatThrownBy(
            () ->
                StatefulBatchPlan.resolve(
                    planned(Map.of("statelessFrom", "9", "statelessTo", "10")),
                    7,
                    null,
                    null,
                    null,
                    true))
        .hasMessage("STATEFUL record 0000000007 lacks attribute windowEnd");
  }
}
