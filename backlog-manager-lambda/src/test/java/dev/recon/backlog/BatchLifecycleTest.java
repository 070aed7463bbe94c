package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchLifecycleTest {
  private final Scenario sc = new Scenario();
  private final BatchLifecycle life = sc.service.lifecycle();

  @Test
  void completeStateless_shouldRecordManifestCountsTimingsAndFinishInputs() {
    // GIVEN a planned batch over two inputs, started, with its manifest written
    List<String> keys = sc.land(2);
    StatelessPlanner.Plan p = sc.plan(10);
    LedgerRecord started = life.start(BatchKind.STATELESS, p.statelessBatch());
    sc.writeManifest(p.statelessBatch(), keys, 40);
    sc.clock.advance(java.time.Duration.ofSeconds(90));

    // WHEN it completes
    LedgerRecord done = life.complete(BatchKind.STATELESS, p.statelessBatch(), Map.of());

    // THEN the record has the manifest's counts, timings and attempts; the inputs succeeded
    assertThat(started.status()).isEqualTo(BatchStatus.EXECUTING);
    assertThat(started.count(BacklogNames.ATTEMPTS)).isEqualTo(1);
    assertThat(done.status()).isEqualTo(BatchStatus.SUCCESS);
    assertThat(done.count(LedgerNames.READ)).isEqualTo(43);
    assertThat(done.count(LedgerNames.ACCEPTED)).isEqualTo(40);
    assertThat(done.count(BacklogNames.DURATION_MS)).isEqualTo(90_000);
    assertThat(done.attribute(BacklogNames.STARTED_AT)).isEqualTo(Landing.T0.toString());
    assertThat(done.attribute(BacklogNames.FINISHED_AT))
        .isEqualTo(Landing.T0.plusSeconds(90).toString());
    assertThat(keys)
        .allSatisfy(k -> assertThat(sc.input(k).status()).isEqualTo(BatchStatus.SUCCESS));
    // AND completing again changes nothing
    assertThat(life.complete(BatchKind.STATELESS, p.statelessBatch(), Map.of()).revision())
        .isEqualTo(done.revision());
  }

  @Test
  void completeStateless_shouldRefuse_whenManifestIsMissingOrCoversOtherInputs() {
    List<String> keys = sc.land(2);
    StatelessPlanner.Plan p = sc.plan(10);
    life.start(BatchKind.STATELESS, p.statelessBatch());
    assertThatThrownBy(() -> life.complete(BatchKind.STATELESS, p.statelessBatch(), Map.of()))
        .isInstanceOf(ManifestMismatchException.class)
        .hasMessageContaining("no manifest");
    sc.writeManifest(p.statelessBatch(), keys.subList(0, 1), 5);
    assertThatThrownBy(() -> life.complete(BatchKind.STATELESS, p.statelessBatch(), Map.of()))
        .isInstanceOf(ManifestMismatchException.class)
        .hasMessageContaining("planned over");
    assertThat(sc.stateless(p.statelessBatch()).status()).isEqualTo(BatchStatus.EXECUTING);
  }

  @Test
  void fail_shouldRecordTheErrorAndAllowARerun() {
    // GIVEN a started batch that fails
    sc.land(1);
    StatelessPlanner.Plan p = sc.plan(10);
    life.start(BatchKind.STATELESS, p.statelessBatch());
    LedgerRecord failed =
        life.fail(BatchKind.STATELESS, p.statelessBatch(), "States.TaskFailed: executor lost");

    // WHEN it is started again / THEN it runs again as attempt 2; its inputs never left it
    LedgerRecord again = life.start(BatchKind.STATELESS, p.statelessBatch());
    assertThat(failed.status()).isEqualTo(BatchStatus.FAILURE);
    assertThat(failed.attribute(LedgerNames.ERROR)).isEqualTo("States.TaskFailed: executor lost");
    assertThat(again.status()).isEqualTo(BatchStatus.EXECUTING);
    assertThat(again.count(BacklogNames.ATTEMPTS)).isEqualTo(2);
    assertThat(sc.input(p.inputs().get(0)).status()).isEqualTo(BatchStatus.EXECUTING);
  }

  @Test
  void cancelStateless_shouldReturnItsInputsToPending_soTheyArePlannedAgain() {
    // GIVEN a planned and started batch over three inputs
    List<String> keys = sc.land(3);
    StatelessPlanner.Plan p = sc.plan(10);
    life.start(BatchKind.STATELESS, p.statelessBatch());

    // WHEN it is cancelled
    LedgerRecord cancelled =
        life.cancel(BatchKind.STATELESS, p.statelessBatch(), "operator: bad deploy");

    // THEN it is CANCELED, is not processed, and its inputs are planned again in a new batch
    assertThat(cancelled.status()).isEqualTo(BatchStatus.CANCELED);
    assertThat(cancelled.attribute(BacklogNames.CANCEL_REASON)).isEqualTo("operator: bad deploy");
    assertThat(keys)
        .allSatisfy(
            k -> {
              assertThat(sc.input(k).status()).isEqualTo(BatchStatus.INITIATED);
              assertThat(sc.input(k).attribute(LedgerNames.STATELESS_BATCH)).isNull();
            });
    assertThatThrownBy(() -> life.start(BatchKind.STATELESS, p.statelessBatch()))
        .isInstanceOf(BatchCanceledException.class);
    sc.writeManifest(p.statelessBatch(), keys, 3); // a reducer that was still running finishes
    assertThatThrownBy(() -> life.complete(BatchKind.STATELESS, p.statelessBatch(), Map.of()))
        .isInstanceOf(BatchCanceledException.class);
    StatelessPlanner.Plan replanned = sc.plan(10);
    assertThat(replanned.inputs()).containsExactlyElementsOf(keys);
    assertThat(replanned.statelessBatch()).isGreaterThan(p.statelessBatch());
  }

  @Test
  void cancelStateless_shouldRefuse_whenTheBatchSucceeded() {
    sc.land(1);
    StatelessPlanner.Plan p = sc.plan(10);
    sc.succeed(p, 2);
    assertThatThrownBy(() -> life.cancel(BatchKind.STATELESS, p.statelessBatch(), null))
        .isInstanceOf(IllegalBatchTransitionException.class);
  }

  @Test
  void cancelStateful_shouldFreeItsRange_onlyForTheNewestUnstartedBatch() {
    // GIVEN two stateful batches over two successful stateless batches
    sc.land(2);
    StatelessPlanner.Plan s1 = sc.plan(1);
    StatelessPlanner.Plan s2 = sc.plan(1);
    sc.succeed(s1, 1);
    StatefulPlanner.Plan n1 = sc.service.statefulPlanner().plan(new StatefulLimits(1, 100));
    sc.succeed(s2, 1);
    StatefulPlanner.Plan n2 = sc.service.statefulPlanner().plan(new StatefulLimits(1, 100));

    // WHEN the older one is cancelled / THEN refused
    assertThatThrownBy(() -> life.cancel(BatchKind.STATEFUL, n1.statefulBatch(), null))
        .isInstanceOf(IllegalBatchTransitionException.class)
        .hasMessageContaining("only the newest");

    // WHEN the newest is cancelled / THEN its stateless batch is taken by the next stateful batch
    LedgerRecord c = life.cancel(BatchKind.STATEFUL, n2.statefulBatch(), "rebuild");
    assertThat(c.status()).isEqualTo(BatchStatus.CANCELED);
    assertThat(sc.stateless(s2.statelessBatch()).attribute(LedgerNames.STATEFUL_BATCH)).isNull();
    StatefulPlanner.Plan n3 = sc.service.statefulPlanner().plan(new StatefulLimits(1, 100));
    assertThat(n3.statefulBatch()).isEqualTo(3);
    assertThat(n3.statelessFrom()).isEqualTo(s2.statelessBatch());
  }

  @Test
  void start_shouldRefuseInputs_andGetShouldFindNothingUnknown() {
    assertThatThrownBy(() -> life.start(BatchKind.INPUT, 1))
        .isInstanceOf(IllegalBatchTransitionException.class);
    assertThatThrownBy(() -> life.get(BatchKind.STATELESS, Layout.seq(99)))
        .isInstanceOf(BatchNotFoundException.class);
  }
}
