package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.testing.InMemoryObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StatelessPlannerTest {
  private final InMemoryBatchLedger ledger = new InMemoryBatchLedger();
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final MutableClock clock = new MutableClock(Landing.T0);
  private final BacklogService service = new BacklogService(ledger, store, clock);

  /** Lands {@code n} hourly inputs and registers them one by one, oldest window first. */
  private List<String> landAndRegister(int n, int size) {
    List<String> keys = Landing.hourly(store, n, size);
    for (String k : keys) {
      service.registry().register(List.of(k));
    }
    return keys;
  }

  @Test
  void plan_shouldTakeTheOldestFour_whenTenArePendingAndTheLimitAdmitsFour() {
    // GIVEN ten pending inputs of 100 bytes
    List<String> keys = landAndRegister(10, 100);

    // WHEN planned with an object limit of 4, then with a byte limit admitting 4
    StatelessPlanner.Plan byObjects =
        service.statelessPlanner().plan(new PlanLimits(4, 1 << 30, 1 << 30));
    StatelessPlanner.Plan byBytes =
        service.statelessPlanner().plan(new PlanLimits(100, 450, 1 << 30));

    // THEN each takes the four oldest still pending, in age order
    assertThat(byObjects.planned()).isTrue();
    assertThat(byObjects.inputs()).containsExactlyElementsOf(keys.subList(0, 4));
    assertThat(byObjects.pendingBefore()).isEqualTo(10);
    assertThat(byBytes.inputs()).containsExactlyElementsOf(keys.subList(4, 8));
    assertThat(byBytes.statelessBatch()).isEqualTo(byObjects.statelessBatch() + 1);
    // AND the ledger records the claim on both sides
    LedgerRecord s = ledger.get(BatchKind.STATELESS, "0000000001").orElseThrow();
    assertThat(s.status()).isEqualTo(BatchStatus.INITIATED);
    assertThat(InputLists.decode(s.attribute(LedgerNames.INPUTS)))
        .containsExactlyElementsOf(keys.subList(0, 4));
    assertThat(s.attribute(LedgerNames.WINDOW_START)).isEqualTo("2026-11-22T00:00:00Z");
    assertThat(s.attribute(LedgerNames.WINDOW_END)).isEqualTo("2026-11-22T04:00:00Z");
    assertThat(s.count(LedgerNames.BYTES)).isEqualTo(400);
    LedgerRecord in = ledger.get(BatchKind.INPUT, keys.get(0)).orElseThrow();
    assertThat(in.status()).isEqualTo(BatchStatus.EXECUTING);
    assertThat(in.attribute(LedgerNames.STATELESS_BATCH)).isEqualTo("1");
  }

  @Test
  void plan_shouldTakeTheOnlyPendingInput_whenOneIsPending() {
    List<String> keys = landAndRegister(1, 100);
    StatelessPlanner.Plan p = service.statelessPlanner().plan(new PlanLimits(4, 1 << 30, 1 << 30));
    assertThat(p.inputs()).containsExactly(keys.get(0));
  }

  @Test
  void plan_shouldTakeMoreInputs_whenTheBacklogGrows() {
    // GIVEN 3 pending, then 30 pending, and a limit of 20 events (~ 5 KB)
    PlanLimits limits = new PlanLimits(500, 1 << 30, 20);
    landAndRegister(3, 250);
    StatelessPlanner.Plan small = service.statelessPlanner().plan(limits);
    Landing.hourly(store, 33, 250)
        .subList(3, 33)
        .forEach(k -> service.registry().register(List.of(k)));
    StatelessPlanner.Plan large = service.statelessPlanner().plan(limits);

    // THEN the run grows with the backlog, up to the bound
    assertThat(small.inputs()).hasSize(3);
    assertThat(large.inputs()).hasSize(20);
  }

  @Test
  void plan_shouldTakeTheOldestAlone_whenItExceedsEveryLimit() {
    List<String> keys = landAndRegister(3, 5000);
    StatelessPlanner.Plan p = service.statelessPlanner().plan(new PlanLimits(10, 1000, 1));
    assertThat(p.inputs()).containsExactly(keys.get(0));
  }

  @Test
  void plan_shouldPlanNothing_whenNothingIsPending() {
    StatelessPlanner.Plan p = service.statelessPlanner().plan(PlanLimits.DEFAULTS);
    assertThat(p.planned()).isFalse();
    assertThat(p.reason()).isEqualTo("no pending input batches");
    assertThat(ledger.list(BatchKind.STATELESS)).isEmpty();
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void plan_shouldNeverPlanAnInputTwiceNorSkipOne_whenFourPlannersRace() throws Exception {
    // GIVEN 120 pending inputs and writes that yield to let planners interleave
    List<String> keys = landAndRegister(120, 100);
    ledger.beforeWrite = Thread::yield;
    CountDownLatch go = new CountDownLatch(1);

    // WHEN four planners plan runs of up to 7 until nothing is pending
    List<CompletableFuture<List<StatelessPlanner.Plan>>> planners = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      planners.add(
          CompletableFuture.supplyAsync(
              () -> {
                List<StatelessPlanner.Plan> mine = new ArrayList<>();
                try {
                  go.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                while (true) {
                  StatelessPlanner.Plan p =
                      service.statelessPlanner().plan(new PlanLimits(7, 1 << 30, 1 << 30));
                  if (!p.planned() && p.pendingBefore() == 0) {
                    return mine;
                  }
                  if (p.planned()) {
                    mine.add(p);
                  }
                }
              }));
    }
    go.countDown();
    List<StatelessPlanner.Plan> plans = new ArrayList<>();
    for (CompletableFuture<List<StatelessPlanner.Plan>> f : planners) {
      plans.addAll(f.get());
    }

    // THEN every input is in exactly one plan, and the ledger agrees on both sides
    Map<String, Long> planOf = new HashMap<>();
    for (StatelessPlanner.Plan p : plans) {
      assertThat(p.inputs()).isNotEmpty().hasSizeLessThanOrEqualTo(7);
      for (String k : p.inputs()) {
        assertThat(planOf.put(k, p.statelessBatch())).as("planned twice: " + k).isNull();
      }
    }
    assertThat(planOf.keySet()).containsExactlyInAnyOrderElementsOf(keys);
    for (String k : keys) {
      LedgerRecord in = ledger.get(BatchKind.INPUT, k).orElseThrow();
      assertThat(in.status()).isEqualTo(BatchStatus.EXECUTING);
      assertThat(in.attribute(LedgerNames.STATELESS_BATCH)).isEqualTo(Long.toString(planOf.get(k)));
    }
    for (LedgerRecord s : ledger.list(BatchKind.STATELESS)) {
      if (s.status() == BatchStatus.INITIATED) {
        assertThat(InputLists.decode(s.attribute(LedgerNames.INPUTS)))
            .allSatisfy(k -> assertThat(planOf.get(k)).isEqualTo(s.sequence()));
      } else {
        assertThat(s.status()).isEqualTo(BatchStatus.CANCELED); // a planner that lost every claim
      }
    }
  }

  @Test
  void plan_shouldOrderByRegistration_whenALateObjectCarriesAnOlderWindow() {
    // GIVEN an hourly input, and an object registered after it whose metadata says it is older
    List<String> keys = landAndRegister(1, 100);
    String older =
        Landing.withWindow(
            store,
            "input/2026/11/22/09/replay.jsonl",
            Instant.parse("2026-11-21T23:00:00Z"),
            Instant.parse("2026-11-21T23:30:00Z"));
    service.registry().register(List.of(older));

    // WHEN one input is planned at a time / THEN registration order decides, not the window: the
    // order inputs are applied in decides which copy of an event is first, so it must be the order
    // they arrived in (a later input never overtakes one already pending)
    assertThat(service.statelessPlanner().plan(new PlanLimits(1, 1 << 30, 1 << 30)).inputs())
        .containsExactly(keys.get(0));
    assertThat(service.statelessPlanner().plan(new PlanLimits(1, 1 << 30, 1 << 30)).inputs())
        .containsExactly(older);
  }

  @Test
  void plan_shouldListInputsInRegistrationOrder_whenRegisteredNewestFirst() {
    // GIVEN inputs registered one by one, newest window first
    List<String> keys = Landing.hourly(store, 5, 100);
    List<String> reversed = new ArrayList<>(keys);
    Collections.reverse(reversed);
    for (String k : reversed) {
      service.registry().register(List.of(k));
    }

    // WHEN all are planned in one run
    StatelessPlanner.Plan p =
        service.statelessPlanner().plan(new PlanLimits(100, 1 << 30, 1 << 30));

    // THEN the plan lists them in registration order, and each INPUT record carries its number
    assertThat(p.inputs()).containsExactlyElementsOf(reversed);
    List<Long> numbers =
        reversed.stream()
            .map(k -> ledger.get(BatchKind.INPUT, k).orElseThrow().sequence())
            .toList();
    assertThat(numbers)
        .isSorted()
        .doesNotHaveDuplicates()
        .allSatisfy(n -> assertThat(n).isPositive());
  }

  @Test
  void register_shouldNumberKeysInTheOrderGiven_whenRegisteredTogether() {
    List<String> keys = Landing.hourly(store, 3, 100);
    List<String> given = List.of(keys.get(2), keys.get(0), keys.get(1));
    service.registry().register(given);
    assertThat(service.statelessPlanner().plan(new PlanLimits(100, 1 << 30, 1 << 30)).inputs())
        .containsExactlyElementsOf(given);
  }
}
