package dev.recon.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.error.ReconException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.testing.InMemoryBatchLedger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attribute {@code inputs} of a STATELESS record: input keys joined by newlines, in plan order. */
class LedgerInputsTest {
  private static final Instant T0 = Instant.parse("2026-11-22T07:00:00Z");

  @Test
  void encode_shouldJoinTheKeysWithNewlines_inTheirOrder() {
    assertThat(
            LedgerInputs.encode(
                List.of("input/2026/11/22/08/b.jsonl", "input/2026/11/22/07/a.jsonl.gz")))
        .isEqualTo("input/2026/11/22/08/b.jsonl\ninput/2026/11/22/07/a.jsonl.gz");
    assertThat(LedgerInputs.encode(List.of("input/x"))).isEqualTo("input/x");
    assertThat(LedgerInputs.encode(List.of())).isEmpty();
  }

  @Test
  void encode_shouldRefuse_whenAKeyIsMissingEmptyOrHoldsANewline() {
    assertThatThrownBy(() -> LedgerInputs.encode(Arrays.asList("input/a", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input key empty or with a newline: null");
    assertThatThrownBy(() -> LedgerInputs.encode(List.of("input/a", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input key empty or with a newline: ");
    assertThatThrownBy(() -> LedgerInputs.encode(List.of("input/a\ninput/b")))
        .isInstanceOf(IllegalArgumentException.class);
    // a newline as the very first character too
    assertThatThrownBy(() -> LedgerInputs.encode(List.of("\ninput/b")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decode_shouldSplitAtNewlines_andReadNothingAsNoInputs() {
    assertThat(LedgerInputs.decode("input/b\ninput/a")).containsExactly("input/b", "input/a");
    assertThat(LedgerInputs.decode("input/a")).containsExactly("input/a");
    assertThat(LedgerInputs.decode("")).isEmpty();
    assertThat(LedgerInputs.decode(null)).isEmpty();
  }

  private static InMemoryBatchLedger ledgerWith(BatchStatus status, Map<String, String> attrs) {
    InMemoryBatchLedger ledger = new InMemoryBatchLedger();
    ledger.create(
        LedgerRecord.create(BatchKind.STATELESS, "0000000005", 5, status, T0)
            .withAttributes(attrs));
    return ledger;
  }

  @Test
  void of_shouldReadTheInputsOfTheBatch_whenItWasPlanned() {
    InMemoryBatchLedger ledger =
        ledgerWith(BatchStatus.EXECUTING, Map.of("inputs", "input/b\ninput/a"));

    assertThat(LedgerInputs.of(ledger, 5)).containsExactly("input/b", "input/a");
  }

  @Test
  void of_shouldRefuse_whenTheBatchIsMissingCancelledOrStillBeingPlanned() {
    assertThatThrownBy(() -> LedgerInputs.of(new InMemoryBatchLedger(), 5))
        .isExactlyInstanceOf(ReconException.class)
        .hasMessage("no STATELESS batch 5 in the ledger");
    assertThatThrownBy(
            () -> LedgerInputs.of(ledgerWith(BatchStatus.CANCELED, Map.of("inputs", "a")), 5))
        .isExactlyInstanceOf(ReconException.class)
        .hasMessage("stateless batch 5 was cancelled; it is not processed");
    assertThatThrownBy(() -> LedgerInputs.of(ledgerWith(BatchStatus.INITIATED, Map.of()), 5))
        .isExactlyInstanceOf(ReconException.class)
        .hasMessage("stateless batch 5 is still being planned (no input list yet)");
    assertThatThrownBy(
            () -> LedgerInputs.of(ledgerWith(BatchStatus.INITIATED, Map.of("inputs", "")), 5))
        .hasMessage("stateless batch 5 is still being planned (no input list yet)");
  }

  @Test
  void of_shouldReadAFinishedBatch_whenItSucceededOrFailed() {
    assertThat(LedgerInputs.of(ledgerWith(BatchStatus.SUCCESS, Map.of("inputs", "input/a")), 5))
        .containsExactly("input/a");
    assertThat(LedgerInputs.of(ledgerWith(BatchStatus.FAILURE, Map.of("inputs", "input/a")), 5))
        .containsExactly("input/a");
  }
}
