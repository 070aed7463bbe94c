package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.contract.InputStat;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import dev.recon.local.junit.EmbeddedStackExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backlog manager against DynamoDB Local and s3proxy: the conditional writes are the real ones.
 * Each test uses its own environment prefix and ledger table so tests do not see each other.
 */
class BacklogManagerIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static int tests;
  private BatchLedger ledger;
  private ObjectStore store;
  private ReconSettings settings;
  private BacklogHandler handler;

  @BeforeEach
  void isolate() {
    // A fresh key space per test: a new prefix in the bucket, and the ledger is shared but every
    // test
    // uses distinct input keys (the prefix is part of nothing in the ledger, so count on fresh
    // hours).
    tests++;
    settings = STACK.settings();
    ledger = STACK.clients().batchLedger();
    store = STACK.clients().objectStore();
    handler =
        new BacklogHandler(ledger, store, Clock.systemUTC(), settings.bucket(), settings.prefix());
    for (LedgerRecord r : ledger.list(BatchKind.INPUT)) {
      ledger.delete(r);
    }
    for (BatchKind k : List.of(BatchKind.STATELESS, BatchKind.STATEFUL)) {
      for (LedgerRecord r : ledger.list(k)) {
        ledger.delete(r);
      }
    }
    for (var o : store.list("input/")) {
      store.delete(o.key());
    }
  }

  private JsonNode call(String json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, null);
      return BacklogJson.mapper().readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> land(int n) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key =
          Layout.inputKey(
              Landing.T0.plus(Duration.ofHours(i)), "it-" + tests + "-" + i, i % 2 == 1);
      store.put(key, "x".repeat(100).getBytes(StandardCharsets.UTF_8));
      keys.add(key);
    }
    return keys;
  }

  private String notification(List<String> keys) {
    StringBuilder b = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < keys.size(); i++) {
      String full = (settings.prefix().isEmpty() ? "" : settings.prefix() + "/") + keys.get(i);
      b.append(i == 0 ? "" : ",")
          .append(
              "{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"")
          .append(settings.bucket())
          .append("\"},\"object\":{\"key\":\"")
          .append(full.replace(" ", "+"))
          .append("\"}}}");
    }
    return b.append("]}").toString();
  }

  @Test
  void plan_shouldTakeTheOldestFourOfTen_thenTheLastOne_onDynamoDb() {
    // GIVEN ten landed inputs, seven announced by notification, the rest found by the sweep
    List<String> keys = land(10);
    JsonNode notified = call(notification(keys.subList(0, 7)));
    JsonNode swept = call("{\"action\":\"sweep\"}");
    assertThat(notified.get("registered")).hasSize(7);
    assertThat(swept.get("registered")).hasSize(3);
    assertThat(call(notification(keys.subList(0, 1))).get("alreadyRegistered")).hasSize(1);

    // WHEN planned with a limit admitting four
    JsonNode first = call("{\"action\":\"planStateless\",\"maxObjects\":4}");
    JsonNode second = call("{\"action\":\"planStateless\",\"maxBytes\":450}");

    // THEN the oldest four, then the next four
    assertThat(first.get("inputs"))
        .extracting(JsonNode::asText)
        .containsExactlyElementsOf(keys.subList(0, 4));
    assertThat(second.get("inputs"))
        .extracting(JsonNode::asText)
        .containsExactlyElementsOf(keys.subList(4, 8));
    call("{\"action\":\"planStateless\",\"maxObjects\":1}");
    JsonNode last = call("{\"action\":\"planStateless\",\"maxObjects\":4}");
    assertThat(last.get("inputs")).extracting(JsonNode::asText).containsExactly(keys.get(9));
    assertThat(call("{\"action\":\"planStateless\"}").get("planned").asBoolean()).isFalse();
  }

  @Test
  void plan_shouldNeverPlanAnInputTwiceNorSkipOne_whenTwoPlannersRaceOnDynamoDb() throws Exception {
    // GIVEN 40 pending inputs
    List<String> keys = land(40);
    call("{\"action\":\"sweep\"}");
    BacklogService a = new BacklogService(ledger, store, Clock.systemUTC());
    BacklogService b = new BacklogService(STACK.clients().batchLedger(), store, Clock.systemUTC());
    CountDownLatch go = new CountDownLatch(1);

    // WHEN two planners (threads, separate services) plan runs of up to 3 until nothing is pending
    List<CompletableFuture<List<StatelessPlanner.Plan>>> racers = new ArrayList<>();
    for (BacklogService s : List.of(a, b)) {
      racers.add(
          CompletableFuture.supplyAsync(
              () -> {
                List<StatelessPlanner.Plan> mine = new ArrayList<>();
                try {
                  go.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                for (int guard = 0; guard < 200; guard++) {
                  StatelessPlanner.Plan p =
                      s.statelessPlanner().plan(new PlanLimits(3, 1L << 40, 1L << 40));
                  if (p.planned()) {
                    mine.add(p);
                  } else if (p.pendingBefore() == 0) {
                    break;
                  }
                }
                return mine;
              }));
    }
    go.countDown();
    Map<String, Long> planOf = new HashMap<>();
    int plans = 0;
    for (var f : racers) {
      for (StatelessPlanner.Plan p : f.get()) {
        plans++;
        for (String k : p.inputs()) {
          assertThat(planOf.put(k, p.statelessBatch())).as("planned twice: " + k).isNull();
        }
      }
    }

    // THEN every input is in exactly one plan, and the ledger agrees
    assertThat(planOf.keySet()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(plans).isGreaterThanOrEqualTo(14);
    for (String k : keys) {
      LedgerRecord in = ledger.get(BatchKind.INPUT, k).orElseThrow();
      assertThat(in.status()).isEqualTo(BatchStatus.EXECUTING);
      assertThat(in.attribute(LedgerNames.STATELESS_BATCH)).isEqualTo(Long.toString(planOf.get(k)));
    }
  }

  @Test
  void lifecycle_shouldCarryABatchToSuccess_cancelAnother_andReportCompleteness() {
    // GIVEN three inputs planned one per batch
    List<String> keys = land(3);
    call("{\"action\":\"sweep\"}");
    long s1 =
        call("{\"action\":\"planStateless\",\"maxObjects\":1}").get("statelessBatch").asLong();
    long s2 =
        call("{\"action\":\"planStateless\",\"maxObjects\":1}").get("statelessBatch").asLong();

    // WHEN s1 runs to success (manifest written as the reducer does) and s2 is cancelled
    call("{\"action\":\"start\",\"kind\":\"STATELESS\",\"batch\":" + s1 + "}");
    TreeMap<String, Long> counts =
        new TreeMap<>(
            Map.of(
                LedgerNames.READ,
                10L,
                LedgerNames.ACCEPTED,
                8L,
                LedgerNames.DUPLICATES,
                1L,
                LedgerNames.QUARANTINED,
                1L));
    store.put(
        Layout.statelessManifest(s1),
        new StatelessManifest(
                s1,
                1,
                10,
                List.of(new InputStat(keys.get(0), 100, 10, true)),
                counts,
                List.of(),
                List.of(),
                List.of())
            .encode());
    JsonNode done = call("{\"action\":\"complete\",\"kind\":\"STATELESS\",\"batch\":" + s1 + "}");
    JsonNode cancelled =
        call(
            "{\"action\":\"cancel\",\"kind\":\"STATELESS\",\"batch\":"
                + s2
                + ",\"reason\":\"test\"}");
    JsonNode n = call("{\"action\":\"planStateful\"}");
    JsonNode replanned = call("{\"action\":\"planStateless\"}");

    // THEN the ledger says so, the cancelled input is planned again, and completeness follows
    assertThat(done.get("status").asText()).isEqualTo("SUCCESS");
    assertThat(done.get("counts").get("accepted").asLong()).isEqualTo(8);
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELED");
    assertThat(n.get("statelessFrom").asLong()).isEqualTo(s1);
    assertThat(n.get("statelessTo").asLong()).isEqualTo(s1);
    assertThat(replanned.get("inputs"))
        .extracting(JsonNode::asText)
        .containsExactly(keys.get(1), keys.get(2));
    String window =
        "\"from\":\"" + Landing.T0 + "\",\"to\":\"" + Landing.T0.plus(Duration.ofHours(1)) + "\"";
    assertThat(call("{\"action\":\"completeness\"," + window + "}").get("complete").asBoolean())
        .isFalse();
    call(
        "{\"action\":\"complete\",\"kind\":\"STATEFUL\",\"batch\":"
            + n.get("statefulBatch").asLong()
            + "}");
    JsonNode complete = call("{\"action\":\"completeness\"," + window + "}");
    assertThat(complete.get("complete").asBoolean()).isTrue();
    JsonNode later =
        call(
            "{\"action\":\"completeness\",\"from\":\""
                + Landing.T0
                + "\",\"to\":\""
                + Instant.parse("2026-11-22T03:00:00Z")
                + "\"}");
    assertThat(later.get("missing"))
        .extracting(m -> m.get("stage").asText())
        .containsExactly("STATELESS", "STATELESS");

    // AND an object of fixed lines for s1's quarantined line, landed with metadata redrive-of and
    // announced by S3, is registered as a redrive input, and s1 is marked as redriven by it
    String fixed = Layout.inputKey(Landing.T0.plus(Duration.ofHours(5)), "redrive-it-" + s1, false);
    store.put(
        fixed,
        "{}\n".getBytes(StandardCharsets.UTF_8),
        Map.of(
            Layout.META_WINDOW_START, Landing.T0.plus(Duration.ofHours(5)).toString(),
            Layout.META_WINDOW_END, Landing.T0.plus(Duration.ofHours(6)).toString(),
            Layout.META_REDRIVE_OF, Long.toString(s1),
            Layout.META_REDRIVE_LINES, "1"));
    JsonNode redriven = call(notification(List.of(fixed)));
    assertThat(redriven.get("registered")).extracting(JsonNode::asText).containsExactly(fixed);
    JsonNode input = call("{\"action\":\"get\",\"kind\":\"INPUT\",\"id\":\"" + fixed + "\"}");
    assertThat(input.get("attributes").get(LedgerNames.REDRIVE_OF).asText())
        .isEqualTo(Long.toString(s1));
    assertThat(input.get("attributes").get(LedgerNames.REDRIVE_LINES).asText()).isEqualTo("1");
    JsonNode original = call("{\"action\":\"get\",\"kind\":\"STATELESS\",\"batch\":" + s1 + "}");
    assertThat(original.get("attributes").get(LedgerNames.REDRIVEN_BY).asText()).isEqualTo(fixed);
    assertThat(original.get("status").asText()).isEqualTo("SUCCESS");
    // a redrive naming a line s1 did not quarantine is rejected, not registered
    String beyond = Layout.inputKey(Landing.T0.plus(Duration.ofHours(5)), "redrive-it-x", false);
    store.put(
        beyond,
        "{}\n".getBytes(StandardCharsets.UTF_8),
        Map.of(Layout.META_REDRIVE_OF, Long.toString(s1), Layout.META_REDRIVE_LINES, "2"));
    assertThat(call(notification(List.of(beyond))).get("rejected").get(0).get("reason").asText())
        .contains("it quarantined 1 lines");
  }
}
