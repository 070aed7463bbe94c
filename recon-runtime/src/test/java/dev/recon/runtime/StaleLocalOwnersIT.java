package dev.recon.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.testing.EventGenerator;
import dev.recon.local.junit.EmbeddedStackExtension;
import dev.recon.spark.SharedSpark;
import dev.recon.stepfunctions.Sleeper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A local run killed half-way leaves a stateless batch claimed, a stateful batch owned and a stage
 * lock held by executions of a process that no longer exists. The next local run must detect that
 * and go on, while owners it cannot judge (AWS executions, live processes) keep their leases.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StaleLocalOwnersIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ARN = "arn:aws:states:local:000000000000:execution:recon-stateful:";

  private static String deadOwner() throws Exception {
    Process p =
        new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-version")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long started = p.info().startInstant().map(Instant::toEpochMilli).orElse(1L);
    long pid = p.pid();
    p.waitFor();
    return "local-" + pid + "-" + started + "-dead";
  }

  @Test
  @Order(1)
  void isDeadLocalOwner_shouldJudgeOnlyLocalOwners_byPidAndStartTime() throws Exception {
    assertThat(LocalOwners.isDeadLocalOwner(ARN + LocalOwners.executionName())).isFalse();
    assertThat(LocalOwners.isDeadLocalOwner(ARN + deadOwner())).isTrue();
    long self = ProcessHandle.current().pid();
    assertThat(LocalOwners.isDeadLocalOwner(ARN + "local-" + self + "-12345-reused-pid")).isTrue();
    assertThat(LocalOwners.isDeadLocalOwner(ARN + "0b1c7a52-2f0e-4c47-9c2e-1c9a3f1b2d11"))
        .isFalse();
    assertThat(LocalOwners.isDeadLocalOwner("local-garbage")).isFalse();
    assertThat(LocalOwners.isDeadLocalOwner(null)).isFalse();
  }

  @Test
  @Order(2)
  void runUntilIdle_shouldTakeOverBatchesAndLocks_whenTheirLocalOwnerIsDead() throws Exception {
    AwsClientFactory clients = STACK.clients();
    LocalPipeline pipeline =
        new LocalPipeline(clients, SharedSpark.session(), Sleeper.none(), line -> {});
    EventGenerator gen = new EventGenerator(5);
    List<Event> all = new ArrayList<>();
    Instant t = Instant.parse("2026-11-22T00:00:00Z");

    // GIVEN a first input fully through, then a stateful batch owned by a dead local execution,
    // holding the prefetch lock
    List<Event> first = gen.events(60, 12);
    all.addAll(first);
    InputBatches.put(
        clients.objectStore(), "stale-a", t, t.plus(Duration.ofHours(1)), first, List.of());
    assertThat(pipeline.runUntilIdle().failures()).isEmpty();
    List<Event> second = gen.events(60, 12);
    all.addAll(second);
    InputBatches.put(
        clients.objectStore(),
        "stale-b",
        t.plusSeconds(3600),
        t.plusSeconds(7200),
        second,
        List.of());
    pipeline.backlog(JSON.createObjectNode().put("action", "sweep"));
    pipeline.backlog(JSON.createObjectNode().put("action", "planStateless"));
    long s =
        clients.batchLedger().list(BatchKind.STATELESS).stream()
            .mapToLong(LedgerRecord::sequence)
            .max()
            .orElseThrow();
    pipeline.backlog(
        JSON.createObjectNode().put("action", "start").put("kind", "STATELESS").put("batch", s));
    LocalOwners.markStateless(clients.batchLedger(), s, ARN + deadOwner());

    // WHEN the next local run starts
    LocalPipeline.Summary summary = pipeline.runUntilIdle();

    // THEN the dead run's stateless batch is cancelled, its input planned again, and everything
    // applied once
    assertThat(summary.failures()).isEmpty();
    assertThat(
            clients
                .batchLedger()
                .get(BatchKind.STATELESS, dev.recon.core.layout.Layout.seq(s))
                .orElseThrow()
                .status())
        .isEqualTo(BatchStatus.CANCELED);
    assertBalances(clients, all);

    // AND GIVEN a third input whose stateful batch is taken by a dead execution that also holds the
    // prefetch lock
    List<Event> third = gen.events(60, 12);
    all.addAll(third);
    InputBatches.put(
        clients.objectStore(),
        "stale-c",
        t.plusSeconds(7200),
        t.plusSeconds(10800),
        third,
        List.of());
    pipeline.backlog(JSON.createObjectNode().put("action", "sweep"));
    assertThat(pipeline.runStateless(JSON.createObjectNode()).succeeded())
        .isTrue(); // reduces; queues a stateful run
    String dead = ARN + deadOwner();
    pipeline.backlog(JSON.createObjectNode().put("action", "acquireBatch").put("owner", dead));
    LedgerRecord owned =
        clients.batchLedger().list(BatchKind.STATEFUL).stream()
            .filter(r -> dead.equals(r.attribute(LedgerNames.OWNER)))
            .findFirst()
            .orElseThrow();
    pipeline.backlog(
        JSON.createObjectNode()
            .put("action", "acquireStage")
            .put("stage", LedgerNames.STAGE_PREFETCH)
            .put("batch", owned.sequence())
            .put("owner", dead));
    assertThat(
            clients
                .batchLedger()
                .get(BatchKind.LOCK, LedgerNames.STAGE_PREFETCH)
                .orElseThrow()
                .attribute(LedgerNames.OWNER))
        .isEqualTo(dead);

    // WHEN the next local run starts
    LocalPipeline.Summary resumed = pipeline.runUntilIdle();

    // THEN it takes the batch and the lock over and completes
    assertThat(resumed.failures()).isEmpty();
    assertThat(resumed.statefulRuns()).isGreaterThanOrEqualTo(1);
    assertThat(clients.batchLedger().list(BatchKind.STATEFUL))
        .allSatisfy(r -> assertThat(r.status()).isIn(BatchStatus.SUCCESS, BatchStatus.CANCELED));
    assertBalances(clients, all);
  }

  @Test
  @Order(3) // last: the AWS-owned batch it leaves blocks later batches for 12 h, by design
  void runUntilIdle_shouldLeaveABatchAlone_whenItsOwnerIsAnAwsExecution() {
    AwsClientFactory clients = STACK.clients();
    LocalPipeline pipeline =
        new LocalPipeline(clients, SharedSpark.session(), Sleeper.none(), line -> {});
    EventGenerator gen = new EventGenerator(6);
    Instant t = Instant.parse("2026-11-23T00:00:00Z");
    InputBatches.put(
        clients.objectStore(), "aws-owned", t, t.plusSeconds(3600), gen.events(20, 4), List.of());
    pipeline.backlog(JSON.createObjectNode().put("action", "sweep"));
    assertThat(pipeline.runStateless(JSON.createObjectNode()).succeeded()).isTrue();
    String aws = ARN + "0b1c7a52-2f0e-4c47-9c2e-1c9a3f1b2d11";
    pipeline.backlog(JSON.createObjectNode().put("action", "acquireBatch").put("owner", aws));

    // WHEN a local run starts THEN the AWS-owned batch keeps its lease: nothing is taken over
    LocalPipeline.Summary summary = pipeline.runUntilIdle();
    assertThat(summary.statefulRuns()).isZero();
    assertThat(
            clients.batchLedger().list(BatchKind.STATEFUL).stream()
                .filter(r -> aws.equals(r.attribute(LedgerNames.OWNER))))
        .hasSize(1);
  }

  private static void assertBalances(AwsClientFactory clients, List<Event> events) {
    Map<String, Map<String, BigDecimal>> expected = EventGenerator.expectedBalances(events);
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
