package dev.recon.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerProgressTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private final LedgerRecord empty =
      LedgerRecord.create(BatchKind.STATEFUL, "0000000007", 7, BatchStatus.EXECUTING, T0);

  @Test
  void failed_shouldBeIgnored_whenTheAttemptWasSuperseded() {
    // GIVEN attempt 1 went silent and attempt 2 was invoked
    LedgerRecord r = WorkerProgress.invoked(empty, 3, 1, T0);
    r = WorkerProgress.invoked(r, 3, 2, T0.plusSeconds(960));

    // WHEN attempt 1 finally reports a failure
    LedgerRecord after = WorkerProgress.failed(r, 3, 1, "boom", T0.plusSeconds(1000));

    // THEN attempt 2's state stands
    assertThat(after).isEqualTo(r);
    assertThat(WorkerProgress.state(after, 3).orElseThrow().status())
        .isEqualTo(BatchStatus.INITIATED);
  }

  @Test
  void succeeded_shouldBeFinal_whenAnyAttemptReportsIt() {
    // GIVEN attempt 2 running, then the slow attempt 1 succeeds
    LedgerRecord r = WorkerProgress.started(WorkerProgress.invoked(empty, 0, 2, T0), 0, 2, T0);
    r = WorkerProgress.succeeded(r, 0, 1, Map.of("written", 10L));

    // WHEN attempt 2 fails afterwards, or a third attempt tries to start
    LedgerRecord afterFail = WorkerProgress.failed(r, 0, 2, "late", T0.plusSeconds(5));
    LedgerRecord afterStart = WorkerProgress.started(r, 0, 3, T0.plusSeconds(6));

    // THEN it stays SUCCESS
    assertThat(WorkerProgress.state(afterFail, 0).orElseThrow().status())
        .isEqualTo(BatchStatus.SUCCESS);
    assertThat(afterStart).isEqualTo(r);
    assertThat(WorkerProgress.isCurrent(r, 0, 2)).isFalse();
  }

  @Test
  void started_shouldMakeTheAttemptCurrent_whenItIsTheInvokedOne() {
    // GIVEN
    LedgerRecord r = WorkerProgress.invoked(empty, 1, 1, T0);

    // WHEN
    LedgerRecord started = WorkerProgress.started(r, 1, 1, T0.plusSeconds(2));

    // THEN its clock restarts at the start time
    assertThat(WorkerProgress.isCurrent(started, 1, 1)).isTrue();
    assertThat(WorkerProgress.state(started, 1).orElseThrow().since()).isEqualTo(T0.plusSeconds(2));
    assertThat(
            WorkerProgress.progressed(started, 1, 1, 3)
                .count(WorkerProgress.prefix(1) + WorkerProgress.PARTS_DONE))
        .isEqualTo(3);
  }
}
