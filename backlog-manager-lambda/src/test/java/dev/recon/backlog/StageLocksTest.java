package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stateful workflow's contract (stepfunctions/README.md) over the ledger. */
class StageLocksTest {
  private final Scenario sc = new Scenario();
  private final StageLocks locks = sc.service.stageLocks();
  private static final StatefulLimits ONE = new StatefulLimits(1, 1000);

  /** {@code n} successful stateless batches, one input each. */
  private void statelessDone(int n) {
    sc.land(n);
    for (int i = 0; i < n; i++) {
      sc.succeed(sc.plan(1), 3);
    }
  }

  private LedgerRecord stateful(long n) {
    return sc.service.lifecycle().get(BatchKind.STATEFUL, n);
  }

  @Test
  void acquireBatch_shouldPlanOwnAndResume_asExecutionsComeAndGo() {
    statelessDone(2);

    // WHEN execution A acquires twice (a retry), B acquires, C finds nothing
    StageLocks.BatchGrant a = locks.acquireBatch("exec-A", false, ONE);
    StageLocks.BatchGrant again = locks.acquireBatch("exec-A", false, ONE);
    StageLocks.BatchGrant b = locks.acquireBatch("exec-B", false, ONE);
    StageLocks.BatchGrant c = locks.acquireBatch("exec-C", false, ONE);

    // THEN A carries N=1 (EXECUTING, owned), B carries N=2, C has no work
    assertThat(a.planned()).isTrue();
    assertThat(a.batch().sequence()).isEqualTo(1);
    assertThat(again.batch().sequence()).isEqualTo(1);
    assertThat(b.batch().sequence()).isEqualTo(2);
    assertThat(c.planned()).isFalse();
    assertThat(c.reason()).isEqualTo("NO_WORK");
    assertThat(stateful(1).status()).isEqualTo(BatchStatus.EXECUTING);
    assertThat(stateful(1).attribute(LedgerNames.OWNER)).isEqualTo("exec-A");

    // WHEN A gives N=1 back unfinished / THEN C resumes it
    locks.releaseBatch(1, "exec-A");
    assertThat(locks.acquireBatch("exec-C", false, ONE).batch().sequence()).isEqualTo(1);
  }

  @Test
  void acquireStage_shouldFormAnAssemblyLine_inSequenceOrder() {
    statelessDone(2);
    locks.acquireBatch("A", false, ONE);
    locks.acquireBatch("B", false, ONE);

    // N=1 prefetches; N=2 must wait for it
    assertThat(locks.acquireStage("prefetch", 1, "A"))
        .isEqualTo(new StageLocks.StageGrant(true, "ACQUIRED"));
    assertThat(locks.acquireStage("prefetch", 1, "A").reason())
        .isEqualTo("ACQUIRED"); // a retried call
    assertThat(locks.acquireStage("prefetch", 2, "B").reason()).isEqualTo("PREDECESSOR_PENDING");

    // N=1 moves on to process while N=2 prefetches
    locks.releaseStage("prefetch", 1, "A", BatchStatus.SUCCESS);
    assertThat(locks.acquireStage("process", 1, "A").reason()).isEqualTo("ACQUIRED");
    assertThat(locks.acquireStage("prefetch", 2, "B").reason()).isEqualTo("ACQUIRED");
    assertThat(stateful(2).attribute(LedgerNames.stage("prefetch"))).isEqualTo("EXECUTING");
    assertThat(stateful(1).attribute(LedgerNames.stage("prefetch"))).isEqualTo("SUCCESS");
    assertThat(
            sc.ledger
                .get(BatchKind.LOCK, "process")
                .orElseThrow()
                .attribute(LedgerNames.HELD_BATCH))
        .isEqualTo("1");

    // a stage done before is DONE; a lock someone else holds is BUSY
    assertThat(locks.acquireStage("prefetch", 1, "A").reason()).isEqualTo("DONE");
    locks.releaseStage("prefetch", 2, "B", BatchStatus.SUCCESS);
    locks.releaseStage("process", 1, "A", BatchStatus.SUCCESS);
    assertThat(locks.acquireStage("index", 1, "A").reason()).isEqualTo("ACQUIRED");
    assertThat(locks.acquireStage("process", 2, "B").reason()).isEqualTo("ACQUIRED");
    locks.releaseStage("process", 2, "B", BatchStatus.SUCCESS);
    LedgerRecord indexLock = sc.ledger.get(BatchKind.LOCK, "index").orElseThrow();
    assertThat(indexLock.attribute(LedgerNames.OWNER)).isEqualTo("A");
    assertThat(locks.acquireStage("index", 1, "someone-else").reason()).isEqualTo("BUSY");
    // (N=1's index has not succeeded: N=2 waits rather than skipping ahead)
    assertThat(locks.acquireStage("index", 2, "B").reason()).isEqualTo("PREDECESSOR_PENDING");
  }

  @Test
  void failure_shouldBlockLaterBatches_untilRetried() {
    statelessDone(2);
    locks.acquireBatch("A", false, ONE);
    locks.acquireBatch("B", false, ONE);
    locks.acquireStage("prefetch", 1, "A");
    locks.releaseStage("prefetch", 1, "A", BatchStatus.SUCCESS);
    locks.acquireStage("process", 1, "A");

    // WHEN N=1 fails in process (what RecordFailure sends)
    sc.service.handle(
        new BacklogRequest.Fail(BatchKind.STATEFUL, 1, "Recon.BadInput: x", "process", "A"));

    // THEN its lock is free and owner cleared, N=2 sees PREDECESSOR_FAILED, new executions are
    // BLOCKED
    assertThat(stateful(1).status()).isEqualTo(BatchStatus.FAILURE);
    assertThat(stateful(1).attribute(LedgerNames.stage("process"))).isEqualTo("FAILURE");
    assertThat(stateful(1).attribute(LedgerNames.OWNER)).isNull();
    assertThat(sc.ledger.get(BatchKind.LOCK, "process").orElseThrow().status())
        .isEqualTo(BatchStatus.INITIATED);
    locks.acquireStage("prefetch", 2, "B");
    locks.releaseStage("prefetch", 2, "B", BatchStatus.SUCCESS);
    assertThat(locks.acquireStage("process", 2, "B").reason()).isEqualTo("PREDECESSOR_FAILED");
    StageLocks.BatchGrant blocked = locks.acquireBatch("C", false, ONE);
    assertThat(blocked.reason()).isEqualTo("BLOCKED");
    assertThat(blocked.blockedBy()).isEqualTo(1);

    // WHEN retried / THEN N=1 resumes: prefetch DONE, process runs again, then N=2 may follow
    StageLocks.BatchGrant retry = locks.acquireBatch("D", true, ONE);
    assertThat(retry.batch().sequence()).isEqualTo(1);
    assertThat(retry.batch().status()).isEqualTo(BatchStatus.EXECUTING);
    assertThat(locks.acquireStage("prefetch", 1, "D").reason()).isEqualTo("DONE");
    assertThat(locks.acquireStage("process", 1, "D").reason()).isEqualTo("ACQUIRED");
    assertThat(locks.acquireStage("process", 2, "B").reason()).isEqualTo("PREDECESSOR_PENDING");
    locks.releaseStage("process", 1, "D", BatchStatus.SUCCESS);
    assertThat(locks.acquireStage("process", 2, "B").reason()).isEqualTo("ACQUIRED");
  }

  @Test
  void acquire_shouldTakeOverAfterTheLease_andSkipCancelledPredecessors() {
    statelessDone(2);
    locks.acquireBatch("dead", false, ONE);
    locks.acquireStage("prefetch", 1, "dead");

    // an execution stopped from outside never releases: after the lease, others take over
    sc.clock.advance(StageLocks.LEASE_DEFAULT.plusMinutes(1));
    assertThat(locks.acquireBatch("alive", false, ONE).batch().sequence()).isEqualTo(1);
    assertThat(locks.acquireStage("prefetch", 1, "alive").reason()).isEqualTo("ACQUIRED");

    // a cancelled newest batch is nobody's predecessor
    StatefulPlanner.Plan n2 = sc.service.statefulPlanner().plan(ONE);
    sc.service.lifecycle().cancel(BatchKind.STATEFUL, n2.statefulBatch(), "test");
    StatefulPlanner.Plan n3 = sc.service.statefulPlanner().plan(ONE);
    locks.releaseStage("prefetch", 1, "alive", BatchStatus.SUCCESS);
    sc.ledger.update(stateful(n3.statefulBatch()).withAttributes(Map.of()));
    assertThat(n3.statefulBatch()).isEqualTo(3);
    assertThat(locks.acquireStage("prefetch", 3, "x").reason()).isEqualTo("ACQUIRED");
  }
}
