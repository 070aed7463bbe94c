package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.BatchKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompletenessTest {
  private final Scenario sc = new Scenario();

  @Test
  void check_shouldSayWhichInputsAreMissingAndWhere_untilAllReachASuccessfulStatefulBatch() {
    // GIVEN four hourly inputs: 0 fully applied, 1 in a stateful batch still running,
    // 2 in a failed stateless batch, 3 pending
    List<String> keys = sc.land(4);
    StatelessPlanner.Plan s1 = sc.plan(1);
    sc.succeed(s1, 5);
    StatefulPlanner.Plan n1 = sc.service.statefulPlanner().plan(new StatefulLimits(1, 100));
    sc.service.lifecycle().complete(BatchKind.STATEFUL, n1.statefulBatch(), Map.of("artifacts", 3L));
    StatelessPlanner.Plan s2 = sc.plan(1);
    sc.succeed(s2, 5);
    sc.service.statefulPlanner().plan(new StatefulLimits(1, 100));
    StatelessPlanner.Plan s3 = sc.plan(1);
    sc.service.lifecycle().start(BatchKind.STATELESS, s3.statelessBatch());
    sc.service.lifecycle().fail(BatchKind.STATELESS, s3.statelessBatch(), "boom");

    // WHEN [00:00, 01:00) is checked / THEN it is complete
    Completeness.Report first = sc.service.completeness().check(Landing.T0, Landing.T0.plus(Duration.ofHours(1)));
    assertThat(first.complete()).isTrue();
    assertThat(first.inputsConsidered()).isEqualTo(1);
    assertThat(first.reflected()).isEqualTo(1);

    // WHEN [02:00, 04:00) is checked / THEN three inputs are missing, each with its stage
    Completeness.Report r = sc.service.completeness().check(Landing.T0.plus(Duration.ofHours(2)),
        Landing.T0.plus(Duration.ofHours(4)));
    assertThat(r.complete()).isFalse();
    assertThat(r.inputsConsidered()).isEqualTo(4);
    assertThat(r.inputsInWindow()).isEqualTo(2);
    assertThat(r.registeredThrough()).isEqualTo(Instant.parse("2026-11-22T04:00:00Z"));
    assertThat(r.missing()).extracting(Completeness.Missing::input).containsExactlyElementsOf(keys.subList(1, 4));
    assertThat(r.missing()).extracting(Completeness.Missing::stage).containsExactly(
        Completeness.Stage.STATEFUL, Completeness.Stage.STATELESS, Completeness.Stage.PENDING);
    assertThat(r.missing()).extracting(Completeness.Missing::inWindow).containsExactly(false, true, true);
    assertThat(r.missing().get(1).statelessStatus()).isEqualTo("FAILURE");
    assertThat(r.missing().get(0).statefulStatus()).isEqualTo("INITIATED");
  }

  @Test
  void check_shouldSayAwaitingStateful_whenTheStatelessBatchSucceededButNoStatefulBatchTookIt() {
    List<String> keys = sc.land(1);
    sc.succeed(sc.plan(1), 1);
    Completeness.Report r = sc.service.completeness().check(Landing.T0, Landing.T0.plus(Duration.ofHours(1)));
    assertThat(r.missing()).singleElement().satisfies(m -> {
      assertThat(m.input()).isEqualTo(keys.get(0));
      assertThat(m.stage()).isEqualTo(Completeness.Stage.AWAITING_STATEFUL);
    });
  }
}
