package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StatefulPlannerTest {
  private final Scenario sc = new Scenario();
  private final StatefulPlanner planner = sc.service.statefulPlanner();

  private List<StatelessPlanner.Plan> statelessRuns(int n) {
    sc.land(n);
    List<StatelessPlanner.Plan> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(sc.plan(1));
    }
    return out;
  }

  @Test
  void plan_shouldTakeConsecutiveSuccessfulBatches_upToTheLimit_andAllocateNInOrder() {
    // GIVEN five successful stateless batches
    List<StatelessPlanner.Plan> runs = statelessRuns(5);
    runs.forEach(p -> sc.succeed(p, 10));

    // WHEN planned with at most 3 per stateful batch
    StatefulPlanner.Plan n1 = planner.plan(new StatefulLimits(3, 1000));
    StatefulPlanner.Plan n2 = planner.plan(new StatefulLimits(3, 1000));
    StatefulPlanner.Plan none = planner.plan(new StatefulLimits(3, 1000));

    // THEN N=1 takes 1..3, N=2 takes 4..5, with asOf the latest window end
    assertThat(n1.statefulBatch()).isEqualTo(1);
    assertThat(n1.statelessFrom()).isEqualTo(1);
    assertThat(n1.statelessTo()).isEqualTo(3);
    assertThat(n1.events()).isEqualTo(30);
    assertThat(n1.windowEnd()).isEqualTo(Landing.T0.plusSeconds(3 * 3600));
    assertThat(n2.statelessFrom()).isEqualTo(4);
    assertThat(n2.statelessTo()).isEqualTo(5);
    assertThat(none.planned()).isFalse();
    LedgerRecord r = sc.ledger.get(BatchKind.STATEFUL, Layout.seq(1)).orElseThrow();
    assertThat(r.status()).isEqualTo(BatchStatus.INITIATED);
    assertThat(r.attribute(LedgerNames.STATELESS_FROM)).isEqualTo("1");
    assertThat(r.attribute(LedgerNames.STATELESS_TO)).isEqualTo("3");
    assertThat(r.attribute(LedgerNames.WINDOW_END)).isEqualTo("2026-11-22T03:00:00Z");
    assertThat(sc.stateless(2).attribute(LedgerNames.STATEFUL_BATCH)).isEqualTo("1");
  }

  @Test
  void plan_shouldWaitAtAFailure_andNeverSkipIt() {
    // GIVEN stateless 1 succeeded, 2 failed, 3 succeeded
    List<StatelessPlanner.Plan> runs = statelessRuns(3);
    sc.succeed(runs.get(0), 1);
    sc.service.lifecycle().start(BatchKind.STATELESS, 2);
    sc.service.lifecycle().fail(BatchKind.STATELESS, 2, "boom");
    sc.succeed(runs.get(2), 1);

    // WHEN planned / THEN N=1 takes only 1, and the next plan waits for 2
    StatefulPlanner.Plan n1 = planner.plan(StatefulLimits.DEFAULTS);
    StatefulPlanner.Plan waiting = planner.plan(StatefulLimits.DEFAULTS);
    assertThat(n1.statelessTo()).isEqualTo(1);
    assertThat(waiting.planned()).isFalse();
    assertThat(waiting.reason()).isEqualTo("waiting for stateless batch 2 (FAILURE)");

    // WHEN 2 is rerun to success / THEN 2..3 are taken together
    sc.service.lifecycle().start(BatchKind.STATELESS, 2);
    sc.writeManifest(2, runs.get(1).inputs(), 1);
    sc.service.lifecycle().complete(BatchKind.STATELESS, 2, java.util.Map.of());
    StatefulPlanner.Plan n2 = planner.plan(StatefulLimits.DEFAULTS);
    assertThat(n2.statelessFrom()).isEqualTo(2);
    assertThat(n2.statelessTo()).isEqualTo(3);
  }

  @Test
  void plan_shouldNeverSpanACancelledBatch() {
    // GIVEN 1 succeeded, 2 cancelled, 3 succeeded
    List<StatelessPlanner.Plan> runs = statelessRuns(3);
    sc.succeed(runs.get(0), 1);
    sc.service.lifecycle().cancel(BatchKind.STATELESS, 2, null);
    sc.succeed(runs.get(2), 1);

    // WHEN planned twice / THEN ranges are 1..1 and 3..3
    StatefulPlanner.Plan a = planner.plan(StatefulLimits.DEFAULTS);
    StatefulPlanner.Plan b = planner.plan(StatefulLimits.DEFAULTS);
    assertThat(List.of(a.statelessFrom(), a.statelessTo(), b.statelessFrom(), b.statelessTo()))
        .containsExactly(1L, 1L, 3L, 3L);
  }

  @Test
  void plan_shouldCloseAnAllocatedButNeverCreatedNumber_soItCannotHoldTheLine() {
    // GIVEN a stateless planner that died after taking number 2 from the counter
    List<StatelessPlanner.Plan> runs = statelessRuns(1);
    sc.ledger.nextSequence(LedgerNames.COUNTER_STATELESS); // 2, never created
    sc.land(2);
    StatelessPlanner.Plan third = sc.plan(10);
    sc.succeed(runs.get(0), 1);
    sc.succeed(third, 1);

    // WHEN planned / THEN 2 is closed as CANCELED and the range stops before it, the next takes 3
    StatefulPlanner.Plan a = planner.plan(StatefulLimits.DEFAULTS);
    StatefulPlanner.Plan b = planner.plan(StatefulLimits.DEFAULTS);
    assertThat(third.statelessBatch()).isEqualTo(3);
    assertThat(sc.stateless(2).status()).isEqualTo(BatchStatus.CANCELED);
    assertThat(a.statelessTo()).isEqualTo(1);
    assertThat(b.statelessFrom()).isEqualTo(3);
  }

  @Test
  void plan_shouldKeepAsOfMonotonic_whenALaterRunHoldsOlderWindows() {
    // GIVEN stateless 1 over hours 2-3, then a late-landed run over hour 0
    sc.land(3);
    StatelessPlanner.Plan first =
        sc.service.statelessPlanner().plan(new PlanLimits(3, 1L << 40, 1L << 40));
    sc.succeed(first, 1);
    planner.plan(StatefulLimits.DEFAULTS);
    String late =
        Landing.withWindow(
            sc.store,
            "input/2026/11/21/20/late.jsonl",
            Landing.T0.minusSeconds(7200),
            Landing.T0.minusSeconds(3600));
    sc.service.registry().register(List.of(late));
    StatelessPlanner.Plan second = sc.plan(10);
    sc.succeed(second, 1);

    // WHEN the next stateful batch is planned / THEN its asOf does not go back in time
    StatefulPlanner.Plan n2 = planner.plan(StatefulLimits.DEFAULTS);
    assertThat(n2.windowEnd()).isEqualTo(Landing.T0.plusSeconds(3 * 3600));
  }

  @Test
  void plan_shouldPlanEachRangeOnce_whenTwoPlannersRace() throws Exception {
    // GIVEN 40 successful stateless batches and yielding writes
    statelessRuns(40).forEach(p -> sc.succeed(p, 1));
    sc.ledger.beforeWrite = Thread::yield;

    // WHEN two planners plan ranges of up to 3 until nothing is left
    List<CompletableFuture<List<StatefulPlanner.Plan>>> futures = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      futures.add(
          CompletableFuture.supplyAsync(
              () -> {
                List<StatefulPlanner.Plan> mine = new ArrayList<>();
                for (StatefulPlanner.Plan p;
                    (p = planner.plan(new StatefulLimits(3, 1000))).planned(); ) {
                  mine.add(p);
                }
                return mine;
              }));
    }
    List<StatefulPlanner.Plan> plans = new ArrayList<>();
    for (var f : futures) {
      plans.addAll(f.get());
    }

    // THEN N is 1..k without gaps and the ranges tile 1..40 in order
    plans.sort(java.util.Comparator.comparingLong(StatefulPlanner.Plan::statefulBatch));
    long expectedFrom = 1;
    for (int i = 0; i < plans.size(); i++) {
      assertThat(plans.get(i).statefulBatch()).isEqualTo(i + 1);
      assertThat(plans.get(i).statelessFrom()).isEqualTo(expectedFrom);
      expectedFrom = plans.get(i).statelessTo() + 1;
    }
    assertThat(expectedFrom).isEqualTo(41);
  }
}
