package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.layout.LedgerNames;
import dev.recon.core.metrics.Backlog;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Planning, repair, acquire and the backlog metric read the unfinished inputs only ({@code
 * listUnfinished}), never the history of every input ever registered; and they stay right when that
 * index hands back a stale copy.
 */
class UnfinishedInputsTest {
  private final Scenario sc = new Scenario();
  private final List<String> metricLines = new ArrayList<>();
  private final BacklogHandler handler =
      new BacklogHandler(
          sc.ledger, sc.store, sc.clock, "recon-local", "local", "test", metricLines::add);

  /**
   * Inputs at every stage: 2 reflected (stateful 1 succeeded), 2 awaiting a stateful batch
   * (stateless 2 succeeded), 2 claimed by stateless 3, 2 pending.
   */
  private List<String> history() {
    List<String> keys = sc.land(8);
    sc.succeed(sc.plan(2), 2);
    StatefulPlanner.Plan n = sc.service.statefulPlanner().plan(StatefulLimits.DEFAULTS);
    sc.service.lifecycle().complete(BatchKind.STATEFUL, n.statefulBatch(), Map.of());
    sc.succeed(sc.plan(2), 2);
    sc.plan(2);
    sc.clock.advance(Duration.ofMinutes(5));
    return keys;
  }

  private String call(String json) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, null);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void handler_shouldNeverListEveryInput_whenPlanningRepairingAndAcquiring() throws Exception {
    // GIVEN inputs at every stage
    history();
    long before = sc.ledger.fullLists(BatchKind.INPUT);

    // WHEN the per-cycle calls run (each plan and acquire also computes the backlog metric)
    String plan = call("{\"action\":\"planStateless\",\"maxObjects\":1}");
    call("{\"action\":\"repair\"}");
    String acquired = call("{\"action\":\"acquireBatch\",\"owner\":\"exec-1\"}");
    call("{\"action\":\"planStateful\"}");

    // THEN they did their work, and none of them read the history of inputs
    assertThat(plan).contains("\"planned\":true");
    assertThat(acquired).contains("\"planned\":true");
    assertThat(metricLines).hasSize(3).allSatisfy(l -> assertThat(l).contains("BacklogInputs"));
    assertThat(sc.ledger.fullLists(BatchKind.INPUT) - before).as("list(INPUT) calls").isZero();
  }

  @Test
  void backlog_shouldEqualTheCountOverEveryInput_whenReadFromUnfinishedInputsAndBatches() {
    // GIVEN inputs at every stage
    List<String> keys = history();

    // WHEN the backlog is computed
    Instant now = sc.clock.instant();
    Backlog fromIndex = sc.service.completeness().backlog(now);

    // THEN it is what a pass over every input finds: the six not reflected, oldest first
    TreeMap<Long, LedgerRecord> stateless =
        StatefulPlanner.bySequence(sc.ledger.list(BatchKind.STATELESS));
    List<LedgerRecord> stateful = sc.ledger.list(BatchKind.STATEFUL);
    long inputs = 0;
    long bytes = 0;
    Instant oldest = null;
    for (LedgerRecord in : sc.ledger.list(BatchKind.INPUT)) {
      if (Completeness.missing(in, null, null, false, stateless, stateful) != null) {
        inputs++;
        bytes += in.count(LedgerNames.BYTES);
        oldest = oldest == null || in.createdAt().isBefore(oldest) ? in.createdAt() : oldest;
      }
    }
    assertThat(inputs).isEqualTo(6);
    assertThat(fromIndex.inputs()).isEqualTo(inputs);
    assertThat(fromIndex.bytes()).isEqualTo(bytes).isEqualTo(6 * 100L);
    assertThat(fromIndex.age()).isEqualTo(Duration.between(oldest, now));
    assertThat(sc.service.completeness().backlog(sc.ledger.list(BatchKind.INPUT), now))
        .as("the status page's count over every input")
        .isEqualTo(fromIndex);
    assertThat(sc.input(keys.get(2)).status())
        .as("an input awaiting its stateful batch is finished in the ledger")
        .isEqualTo(BatchStatus.SUCCESS);
  }

  @Test
  void plan_shouldClaimEachInputOnce_whenTheIndexReturnsCopiesAnotherPlannerAlreadyClaimed() {
    // GIVEN four pending inputs, and an index still showing them pending after planner A took them
    List<String> keys = sc.land(4);
    List<LedgerRecord> stale = sc.ledger.listUnfinished(BatchKind.INPUT);
    StatelessPlanner.Plan a = sc.plan(10);
    sc.ledger.unfinishedView = exact -> stale;

    // WHEN planner B plans from the stale copies
    StatelessPlanner.Plan b = sc.plan(10);

    // THEN its claims lose to A's (the revisions moved), so nothing is taken twice
    assertThat(a.inputs()).containsExactlyElementsOf(keys);
    assertThat(b.planned()).isFalse();
    assertThat(b.reason()).isEqualTo("every pending input was claimed by another planner");
    for (String k : keys) {
      assertThat(sc.input(k).attribute(LedgerNames.STATELESS_BATCH))
          .isEqualTo(Long.toString(a.statelessBatch()));
    }
  }

  @Test
  void repair_shouldLeaveFinishedInputsFinished_whenTheIndexStillShowsThemClaimed() {
    // GIVEN a plan that succeeded, and an index still showing its inputs claimed
    sc.land(3);
    StatelessPlanner.Plan p = sc.plan(10);
    List<LedgerRecord> stale = sc.ledger.listUnfinished(BatchKind.INPUT);
    sc.succeed(p, 3);
    sc.ledger.unfinishedView = exact -> stale;
    sc.clock.advance(LedgerRepair.PLANNING_TIMEOUT_DEFAULT.plusMinutes(1));

    // WHEN repair runs on those copies
    LedgerRepair.Report r = sc.service.repair().run();

    // THEN nothing is released or rewritten: the inputs stay SUCCESS in the plan that took them
    assertThat(r.releasedInputs()).isEmpty();
    for (String k : p.inputs()) {
      assertThat(sc.input(k).status()).isEqualTo(BatchStatus.SUCCESS);
      assertThat(sc.input(k).attribute(LedgerNames.STATELESS_BATCH))
          .isEqualTo(Long.toString(p.statelessBatch()));
    }
  }
}
