package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.watermark.BatchSources;
import dev.recon.core.watermark.SourceStats;
import dev.recon.core.watermark.SourceWatermark;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    sc.service
        .lifecycle()
        .complete(BatchKind.STATEFUL, n1.statefulBatch(), Map.of("artifacts", 3L));
    StatelessPlanner.Plan s2 = sc.plan(1);
    sc.succeed(s2, 5);
    sc.service.statefulPlanner().plan(new StatefulLimits(1, 100));
    StatelessPlanner.Plan s3 = sc.plan(1);
    sc.service.lifecycle().start(BatchKind.STATELESS, s3.statelessBatch());
    sc.service.lifecycle().fail(BatchKind.STATELESS, s3.statelessBatch(), "boom");

    // WHEN [00:00, 01:00) is checked / THEN it is complete
    Completeness.Report first =
        sc.service.completeness().check(Landing.T0, Landing.T0.plus(Duration.ofHours(1)));
    assertThat(first.complete()).isTrue();
    assertThat(first.inputsConsidered()).isEqualTo(1);
    assertThat(first.reflected()).isEqualTo(1);

    // WHEN [02:00, 04:00) is checked / THEN three inputs are missing, each with its stage
    Completeness.Report r =
        sc.service
            .completeness()
            .check(Landing.T0.plus(Duration.ofHours(2)), Landing.T0.plus(Duration.ofHours(4)));
    assertThat(r.complete()).isFalse();
    assertThat(r.inputsConsidered()).isEqualTo(4);
    assertThat(r.inputsInWindow()).isEqualTo(2);
    assertThat(r.registeredThrough()).isEqualTo(Instant.parse("2026-11-22T04:00:00Z"));
    assertThat(r.missing())
        .extracting(Completeness.Missing::input)
        .containsExactlyElementsOf(keys.subList(1, 4));
    assertThat(r.missing())
        .extracting(Completeness.Missing::stage)
        .containsExactly(
            Completeness.Stage.STATEFUL, Completeness.Stage.STATELESS, Completeness.Stage.PENDING);
    assertThat(r.missing())
        .extracting(Completeness.Missing::inWindow)
        .containsExactly(false, true, true);
    assertThat(r.missing().get(1).statelessStatus()).isEqualTo("FAILURE");
    assertThat(r.missing().get(0).statefulStatus()).isEqualTo("INITIATED");
  }

  private static BatchSources sources(String... sourceAndTime) {
    TreeMap<String, SourceStats> m = new TreeMap<>();
    for (int i = 0; i < sourceAndTime.length; i += 2) {
      m.put(
          sourceAndTime[i],
          new SourceStats(Landing.T0.plus(Duration.parse(sourceAndTime[i + 1])), 10));
    }
    return new BatchSources(m);
  }

  private void applyStateful() {
    StatefulPlanner.Plan n = sc.service.statefulPlanner().plan(new StatefulLimits(10, 1_000_000));
    sc.service.lifecycle().complete(BatchKind.STATEFUL, n.statefulBatch(), Map.of("artifacts", 1L));
  }

  @Test
  void through_shouldAnswerFromLedgerAndWatermarks_countingOnlyBatchesTheArtifactsReflect() {
    // GIVEN input 0 applied (psp up to 00:55, erp up to 00:40), lateness 15 min
    sc.land(2);
    sc.succeed(sc.plan(1), 20, sources("psp", "PT55M", "erp", "PT40M"));
    applyStateful();
    Duration lateness = Duration.ofMinutes(15);
    Instant half = Landing.T0.plus(Duration.ofMinutes(30));

    // WHEN 00:30 is checked / THEN the ledger has nothing due yet, but erp's watermark (00:25) is
    // short
    Completeness.ThroughReport r = sc.service.completeness().through(half, lateness, null);
    assertThat(r.ledger().complete()).isTrue();
    assertThat(r.watermark().covered()).isFalse();
    assertThat(r.complete()).isFalse();
    assertThat(r.watermark().sources())
        .extracting(SourceWatermark::source, SourceWatermark::watermark, w -> w.covers(half))
        .containsExactly(
            tuple("erp", Landing.T0.plus(Duration.ofMinutes(25)), false),
            tuple("psp", Landing.T0.plus(Duration.ofMinutes(40)), true));
    // AND psp alone is complete through 00:30
    assertThat(sc.service.completeness().through(half, lateness, "psp").complete()).isTrue();

    // WHEN a late erp event (01:50) is in a stateless batch no stateful batch has applied yet
    StatelessPlanner.Plan late = sc.plan(1);
    sc.succeed(late, 5, sources("erp", "PT1H50M"));
    // THEN it does not move the watermark: the artifacts do not reflect it
    assertThat(sc.service.completeness().through(half, lateness, null).complete()).isFalse();

    // WHEN it is applied / THEN erp's watermark is 01:35 over two batches and 00:30 is complete
    applyStateful();
    Completeness.ThroughReport after = sc.service.completeness().through(half, lateness, null);
    assertThat(after.complete()).isTrue();
    assertThat(after.watermark().sources())
        .filteredOn(w -> w.source().equals("erp"))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.watermark()).isEqualTo(Landing.T0.plus(Duration.ofMinutes(95)));
              assertThat(w.events()).isEqualTo(20);
              assertThat(w.batches()).isEqualTo(2);
            });
    assertThat(sc.stateless(late.statelessBatch()).attribute(LedgerNames.SOURCES))
        .isEqualTo("2026-11-22T01:50:00Z\t10\terp\n");

    // WHEN 02:00 is checked / THEN both inputs are reflected but psp's watermark (00:40) is short
    Completeness.ThroughReport two =
        sc.service.completeness().through(Landing.T0.plus(Duration.ofHours(2)), lateness, null);
    assertThat(two.ledger().complete()).isTrue();
    assertThat(two.ledger().inputsConsidered()).isEqualTo(2);
    assertThat(two.complete()).isFalse();
    // AND an unknown source is never complete
    Completeness.ThroughReport unknown = sc.service.completeness().through(half, lateness, "bank");
    assertThat(unknown.complete()).isFalse();
    assertThat(unknown.watermark().unknownSource()).isTrue();
  }

  @Test
  void through_shouldBeIncomplete_whenAnInputDueIsNotReflected_evenIfWatermarksCoverT() {
    // GIVEN two inputs, the first applied with events far ahead, the second pending
    sc.land(2);
    sc.succeed(sc.plan(1), 3, sources("psp", "PT10H"));
    applyStateful();
    // WHEN 02:00 is checked / THEN the watermark covers it but input 1 (ends 02:00) is still
    // pending
    Completeness.ThroughReport r =
        sc.service
            .completeness()
            .through(Landing.T0.plus(Duration.ofHours(2)), Duration.ofHours(1), null);
    assertThat(r.watermark().covered()).isTrue();
    assertThat(r.complete()).isFalse();
    assertThat(r.ledger().missing())
        .singleElement()
        .extracting(Completeness.Missing::stage)
        .isEqualTo(Completeness.Stage.PENDING);
  }

  @Test
  void check_shouldSayAwaitingStateful_whenTheStatelessBatchSucceededButNoStatefulBatchTookIt() {
    List<String> keys = sc.land(1);
    sc.succeed(sc.plan(1), 1);
    Completeness.Report r =
        sc.service.completeness().check(Landing.T0, Landing.T0.plus(Duration.ofHours(1)));
    assertThat(r.missing())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.input()).isEqualTo(keys.get(0));
              assertThat(m.stage()).isEqualTo(Completeness.Stage.AWAITING_STATEFUL);
            });
  }
}
