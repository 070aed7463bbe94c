package dev.recon.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.contract.ArtifactCensus;
import dev.recon.core.contract.CountNames;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.testing.EventGenerator;
import dev.recon.spark.SharedSpark;
import dev.recon.stepfunctions.Definitions;
import dev.recon.stepfunctions.Sleeper;
import dev.recon.stepfunctions.TaskFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline, driven by the very ASL files CloudFormation deploys: every balance must equal
 * an independent sum over the distinct valid input events. Run against the embedded stack ({@link
 * EmbeddedPipelineIT}) and against LocalStack where Docker exists ({@link LocalStackPipelineIT}).
 */
abstract class PipelineContract {
  /** Clients for the stack under test; one stack per test class. */
  protected abstract AwsClientFactory clients();

  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
  private static final List<String> BAD_LINES =
      List.of(
          "{\"eventId\":\"broken",
          "{\"eventId\":\"x1\",\"artifactId\":\"order-1\",\"eventTime\":\"2026-11-22T10:00:00Z\","
              + "\"type\":\"FEE\",\"side\":\"DEBIT\",\"amount\":\"-3\",\"currency\":\"USD\"}");

  private final List<Event> accepted = new ArrayList<>();

  private String land(
      AwsClientFactory clients, String id, int hour, List<Event> events, boolean withBadLines) {
    accepted.addAll(events);
    List<String> extra = new ArrayList<>(withBadLines ? BAD_LINES : List.of());
    if (!events.isEmpty()) {
      extra.add(
          new String(CanonicalJson.encode(events.get(0)))); // an exact re-send in the same file
    }
    Instant start = T0.plus(Duration.ofHours(hour));
    return InputBatches.put(
        clients.objectStore(), id, start, start.plus(Duration.ofHours(1)), events, extra);
  }

  private void assertArtifactsMatchIndependentSums(AwsClientFactory clients) {
    Map<String, Map<String, BigDecimal>> expected = EventGenerator.expectedBalances(accepted);
    ArtifactQuery query =
        new ArtifactQuery(
            clients.artifactIndex(), clients.objectStore(), clients.artifactCache(), 128);
    for (Map.Entry<String, Map<String, BigDecimal>> e : expected.entrySet()) {
      ReconciliationArtifact a =
          query.get(e.getKey()).orElseThrow(() -> new AssertionError("missing " + e.getKey()));
      assertThat(a.balances().keySet()).as(e.getKey()).isEqualTo(e.getValue().keySet());
      e.getValue()
          .forEach(
              (c, b) ->
                  assertThat(a.balances().get(c)).as(e.getKey() + " " + c).isEqualByComparingTo(b));
    }
    List<IndexEntry> entries = new ArrayList<>();
    clients
        .artifactIndex()
        .scan(
            e -> {
              if (e.artifactId().startsWith("order-")) {
                entries.add(e);
              }
            });
    assertThat(entries)
        .extracting(IndexEntry::artifactId)
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (IndexEntry entry : entries) {
      ReconciliationArtifact a =
          CanonicalJson.decodeArtifact(
              clients.objectStore().getRange(entry.partFile(), entry.offset(), entry.length()));
      assertThat(a.artifactId()).isEqualTo(entry.artifactId());
      assertThat(a.version()).isEqualTo(entry.version());
    }
    assertCensusCountsTheStoredStatuses(clients);
  }

  /**
   * The newest stateful batch's artifact census (carried forward batch by batch from the versions
   * each one wrote) equals the statuses read back from every artifact the index points at.
   */
  private static void assertCensusCountsTheStoredStatuses(AwsClientFactory clients) {
    Map<ArtifactStatus, Long> stored = new EnumMap<>(ArtifactStatus.class);
    clients
        .artifactIndex()
        .scan(
            e ->
                stored.merge(
                    CanonicalJson.decodeArtifact(
                            clients.objectStore().getRange(e.partFile(), e.offset(), e.length()))
                        .status(),
                    1L,
                    Long::sum));
    LedgerRecord newest =
        clients.batchLedger().list(BatchKind.STATEFUL).stream()
            .max(java.util.Comparator.comparingLong(LedgerRecord::sequence))
            .orElseThrow();
    ArtifactCensus census =
        ArtifactCensus.read(newest.counts(), CountNames.PROCESS_PREFIX)
            .orElseThrow(() -> new AssertionError("no census on " + newest));
    assertThat(census).isEqualTo(new ArtifactCensus(stored));
  }

  @Test
  void runUntilIdle_shouldReconcileEveryKey_overSeveralCyclesOfTheRealWorkflows() {
    AwsClientFactory clients = clients();
    EventGenerator gen = new EventGenerator(11);
    LocalPipeline pipeline =
        new LocalPipeline(clients, SharedSpark.session(), Sleeper.none(), line -> {});

    // GIVEN two input batches with bad lines and re-sends
    land(clients, "a", 0, gen.events(400, 60), true);
    land(clients, "b", 1, gen.events(300, 60), false);

    // WHEN the stateless and stateful workflows run until idle
    LocalPipeline.Summary first = pipeline.runUntilIdle();

    // THEN
    assertThat(first.failures()).isEmpty();
    assertThat(first.statelessRuns()).isGreaterThanOrEqualTo(1);
    assertThat(first.statefulRuns()).isGreaterThanOrEqualTo(1);
    assertArtifactsMatchIndependentSums(clients);

    // AND a second cycle with overlapping keys and late events updates them correctly
    land(clients, "c", 2, gen.events(250, 80), true);
    LocalPipeline.Summary second = pipeline.runUntilIdle();
    assertThat(second.failures()).isEmpty();
    assertThat(second.statefulRuns()).isGreaterThanOrEqualTo(1);
    assertArtifactsMatchIndependentSums(clients);

    // AND an idle run changes nothing
    assertThat(pipeline.runUntilIdle().statefulRuns()).isZero();
  }

  @Test
  void failures_shouldRetryTransientErrors_andBlockLaterBatches_untilTheCauseIsRemoved() {
    // fresh keys ("fault-…") for this test, in the same stack
    AwsClientFactory clients = clients();
    EventGenerator gen = new EventGenerator(29);
    AtomicInteger coordinatorCalls = new AtomicInteger();
    AtomicBoolean processorBroken = new AtomicBoolean(false);
    LocalPipeline.Faults faults =
        (key, handler) ->
            switch (key) {
              case Definitions.INDEXER_COORDINATOR_FUNCTION_ARN ->
                  input -> {
                    if (coordinatorCalls.incrementAndGet() == 1) {
                      throw new TaskFailure(
                          "Lambda.TooManyRequestsException", "throttled (injected)");
                    }
                    return handler.handle(input);
                  };
              case Definitions.PROCESSOR_STEP ->
                  input -> {
                    if (processorBroken.get()) {
                      throw new TaskFailure("States.TaskFailed", "processor crashed (injected)");
                    }
                    return handler.handle(input);
                  };
              default -> handler;
            };
    LocalPipeline pipeline =
        new LocalPipeline(clients, SharedSpark.session(), Sleeper.none(), line -> {}, faults);
    List<Event> base = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      base.add(gen.event("fault-" + (i % 15)));
    }

    // GIVEN a throttled indexer: retried as declared, the batch completes
    land(clients, "f1", 10, base, false);
    LocalPipeline.Summary ok = pipeline.runUntilIdle();
    assertThat(ok.failures()).isEmpty();
    assertThat(coordinatorCalls.get()).isGreaterThanOrEqualTo(2);

    // WHEN the processor fails with an unretryable error
    processorBroken.set(true);
    List<Event> more = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      more.add(gen.event("fault-" + (i % 20)));
    }
    land(clients, "f2", 11, more, false);
    LocalPipeline.Summary failed = pipeline.runUntilIdle();

    // THEN the execution fails, FAILURE is in the ledger, and a later batch waits
    assertThat(failed.failures()).hasSize(1);
    assertThat(failed.failures().get(0).error()).isEqualTo("States.TaskFailed");
    long failedBatch =
        clients.batchLedger().list(BatchKind.STATEFUL).stream()
            .filter(r -> r.status() == BatchStatus.FAILURE)
            .mapToLong(r -> Long.parseLong(r.id()))
            .findFirst()
            .orElseThrow();
    land(clients, "f3", 12, List.of(gen.event("fault-1"), gen.event("fault-99")), false);
    LocalPipeline.Summary blocked = pipeline.runUntilIdle();
    assertThat(blocked.statefulRuns()).isZero();
    assertThat(clients.objectStore().head(Layout.stateManifest(failedBatch + 1))).isEmpty();

    // WHEN the cause is removed and the failed batch rerun
    processorBroken.set(false);
    assertThat(
            pipeline
                .runStateful(new ObjectMapper().createObjectNode().put("retryFailed", true))
                .succeeded())
        .isTrue();
    LocalPipeline.Summary resumed = pipeline.runUntilIdle();

    // THEN everything completes and every balance is right
    assertThat(resumed.failures()).isEmpty();
    assertThat(clients.batchLedger().list(BatchKind.STATEFUL))
        .allSatisfy(r -> assertThat(r.status()).isIn(BatchStatus.SUCCESS, BatchStatus.CANCELED));
    Map<String, Map<String, BigDecimal>> expected = EventGenerator.expectedBalances(accepted);
    ArtifactQuery query =
        new ArtifactQuery(
            clients.artifactIndex(), clients.objectStore(), clients.artifactCache(), 128);
    expected.forEach(
        (key, perCurrency) ->
            perCurrency.forEach(
                (c, b) ->
                    assertThat(query.get(key).orElseThrow().balances().get(c))
                        .as(key + " " + c)
                        .isEqualByComparingTo(b)));
  }
}
