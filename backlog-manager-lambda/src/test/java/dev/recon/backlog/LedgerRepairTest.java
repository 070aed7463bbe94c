package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LedgerRepairTest {
  private final Scenario sc = new Scenario();

  /** Makes the ledger fail the n-th write from now (a planner dying mid-way). */
  private void crashAtWrite(int n) {
    AtomicInteger writes = new AtomicInteger();
    sc.ledger.beforeWrite =
        () -> {
          if (writes.incrementAndGet() == n) {
            throw new IllegalStateException("planner died");
          }
        };
  }

  @Test
  void run_shouldFinishAPlanFromItsClaims_whenThePlannerDiedBeforeWritingTheList() {
    // GIVEN a planner that claimed 2 inputs then died (writes: create S, claim, claim, finalize)
    List<String> keys = sc.land(3);
    crashAtWrite(4);
    assertThatThrownBy(() -> sc.plan(2)).hasMessageContaining("planner died");
    sc.ledger.beforeWrite = () -> {};
    assertThat(LedgerRepair.isPlanning(sc.stateless(1))).isTrue();

    // WHEN repair runs before the timeout / THEN nothing happens (the planner might be alive)
    assertThat(sc.service.repair().run().nothing()).isTrue();

    // WHEN it runs after the planning timeout
    sc.clock.advance(LedgerRepair.PLANNING_TIMEOUT_DEFAULT.plusSeconds(1));
    LedgerRepair.Report r = sc.service.repair().run();

    // THEN the plan is finished with exactly the claimed inputs; the third stays pending
    assertThat(r.finishedPlans()).containsExactly("0000000001");
    LedgerRecord s = sc.stateless(1);
    assertThat(InputLists.decode(s.attribute(LedgerNames.INPUTS)))
        .containsExactlyElementsOf(keys.subList(0, 2));
    assertThat(sc.input(keys.get(2)).status()).isEqualTo(BatchStatus.INITIATED);
    assertThat(sc.plan(10).inputs()).containsExactly(keys.get(2));
  }

  @Test
  void run_shouldCancelAnAbandonedPlan_whenNothingWasClaimed() {
    sc.land(1);
    crashAtWrite(2); // create S succeeded, the first claim died
    assertThatThrownBy(() -> sc.plan(2)).hasMessageContaining("planner died");
    sc.ledger.beforeWrite = () -> {};
    sc.clock.advance(Duration.ofHours(1));

    LedgerRepair.Report r = sc.service.repair().run();

    assertThat(r.cancelledPlans()).containsExactly("0000000001");
    assertThat(sc.stateless(1).status()).isEqualTo(BatchStatus.CANCELED);
  }

  @Test
  void run_shouldReleaseClaimsOfCancelledBatches_andCompleteInputsOfSuccessfulOnes() {
    // GIVEN an input left EXECUTING by a cancelled batch (the cancel died before releasing it)
    List<String> keys = sc.land(2);
    StatelessPlanner.Plan p1 = sc.plan(1);
    StatelessPlanner.Plan p2 = sc.plan(1);
    LedgerRecord s1 = sc.stateless(p1.statelessBatch());
    sc.ledger.update(s1.withStatus(BatchStatus.CANCELED, sc.clock.instant()));
    // AND an input left EXECUTING by a batch that succeeded (completion died before the inputs)
    LedgerRecord s2 = sc.stateless(p2.statelessBatch());
    sc.ledger.update(s2.withStatus(BatchStatus.SUCCESS, sc.clock.instant()));

    // WHEN repaired
    LedgerRepair.Report r = sc.service.repair().run();

    // THEN the first is pending again and the second succeeded
    assertThat(r.releasedInputs()).containsExactly(keys.get(0));
    assertThat(r.completedInputs()).containsExactly(keys.get(1));
    assertThat(sc.input(keys.get(0)).status()).isEqualTo(BatchStatus.INITIATED);
    assertThat(sc.input(keys.get(0)).attribute(LedgerNames.STATELESS_BATCH)).isNull();
    assertThat(sc.input(keys.get(1)).status()).isEqualTo(BatchStatus.SUCCESS);
  }

  @Test
  void fixFor_shouldReleaseAClaimNotListedByAFinishedPlan() {
    LedgerRecord input =
        LedgerRecord.create(BatchKind.INPUT, "input/x", 0, BatchStatus.EXECUTING, Landing.T0)
            .withAttributes(Map.of(LedgerNames.STATELESS_BATCH, "3"));
    LedgerRecord finished =
        LedgerRecord.create(BatchKind.STATELESS, "0000000003", 3, BatchStatus.EXECUTING, Landing.T0)
            .withAttributes(Map.of(LedgerNames.INPUTS, "input/y"));
    assertThat(LedgerRepair.fixFor(input, finished)).isEqualTo(LedgerRepair.Fix.RELEASE);
    assertThat(LedgerRepair.fixFor(input, null)).isEqualTo(LedgerRepair.Fix.RELEASE);
    assertThat(
            LedgerRepair.fixFor(
                input, finished.withAttributes(Map.of(LedgerNames.INPUTS, "input/y\ninput/x"))))
        .isEqualTo(LedgerRepair.Fix.NONE);
  }
}
