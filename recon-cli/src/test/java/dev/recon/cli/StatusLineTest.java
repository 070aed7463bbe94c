package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The text of `recon status` shows what --json shows: a stateful batch's cross-batch duplicates.
 */
class StatusLineTest {
  @Test
  void statefulLine_shouldShowAppliedDuplicatesAndQuarantined() {
    LedgerRecord r =
        LedgerRecord.create(
                BatchKind.STATEFUL,
                "N000002",
                2,
                BatchStatus.SUCCESS,
                Instant.parse("2026-11-22T10:00:00Z"))
            .withCounts(
                Map.of("process.applied", 5L, "process.duplicates", 2L, "process.quarantined", 1L));
    String line = StatusCommand.statefulLine(r);
    assertThat(line)
        .contains("N2")
        .contains("SUCCESS")
        .contains("applied 5 duplicates 2 (already in history) quarantined 1");
  }
}
