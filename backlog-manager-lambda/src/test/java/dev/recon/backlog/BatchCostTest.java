package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.core.cost.BatchCost;
import dev.recon.core.cost.CostService;
import dev.recon.core.layout.Layout;
import dev.recon.core.metrics.IoCounts;
import dev.recon.core.metrics.IoMetric;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.metrics.StageMetricsLedger;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each batch records its estimated dollars when it finishes, and emits them once as EMF. */
class BatchCostTest {
  @Test
  void complete_shouldRecordTheCostOfTheStagesMetrics_andEmitCostUsdOnce() throws Exception {
    // GIVEN a stateless batch whose reducer recorded 4,000 PUTs, 10,000 GETs and 36 s
    Scenario sc = new Scenario();
    List<String> lines = new ArrayList<>();
    BacklogHandler handler =
        new BacklogHandler(
            sc.ledger, sc.store, sc.clock, "recon-local", "local", "test", lines::add);
    sc.land(1);
    StatelessPlanner.Plan p = sc.plan(1);
    sc.service.lifecycle().start(BatchKind.STATELESS, p.statelessBatch());
    sc.writeManifest(p.statelessBatch(), p.inputs(), 10);
    StageMetricsLedger.record(
        sc.ledger,
        BatchKind.STATELESS,
        new StageMetrics(
            "reduce",
            Layout.seq(p.statelessBatch()),
            13,
            10,
            null,
            36_000,
            new IoCounts(
                Map.of(IoMetric.S3_PUT_REQUESTS, 4_000L, IoMetric.S3_GET_REQUESTS, 10_000L))));
    sc.clock.advance(Duration.ofSeconds(2));

    // WHEN the workflow completes it, and the call is retried
    String complete =
        "{\"action\":\"complete\",\"kind\":\"STATELESS\",\"batch\":" + p.statelessBatch() + "}";
    call(handler, complete);
    sc.clock.advance(Duration.ofSeconds(1));
    call(handler, complete);

    // THEN the record holds the dollars: S3 4,000 × 0.005/1,000 + 10,000 × 0.0004/1,000 = $0.024;
    // EMR 36 s = 0.01 h × $1.2005 = $0.012005
    LedgerRecord r = sc.stateless(p.statelessBatch());
    BatchCost cost = BatchCost.fromLedger(r).orElseThrow();
    assertThat(cost.get(CostService.S3)).isEqualByComparingTo("0.024");
    assertThat(cost.get(CostService.EMR)).isEqualByComparingTo("0.012005");
    assertThat(r.attribute("cost.usd")).isEqualTo("0.0360050000");
    assertThat(r.attribute("cost.priceTable")).endsWith("us-east-1 2024-11-01");
    // AND one CostUsd line for the batch, not one per call
    List<JsonNode> cost_lines = new ArrayList<>();
    for (String l : lines) {
      JsonNode n = BacklogJson.mapper().readTree(l);
      if (n.has("CostUsd")) {
        cost_lines.add(n);
      }
    }
    assertThat(cost_lines).hasSize(1);
    assertThat(cost_lines.get(0).path("CostUsd").asDouble()).isEqualTo(0.036005);
    assertThat(cost_lines.get(0).path("Tenant").asText()).isEqualTo("default");
    assertThat(cost_lines.get(0).path("Batch").asText()).isEqualTo(r.id());
  }

  @Test
  void fail_shouldRecordWhatTheStagesThatRanCost() {
    Scenario sc = new Scenario();
    sc.land(1);
    StatelessPlanner.Plan p = sc.plan(1);
    sc.service.lifecycle().start(BatchKind.STATELESS, p.statelessBatch());
    StageMetricsLedger.record(
        sc.ledger,
        BatchKind.STATELESS,
        new StageMetrics(
            "reduce",
            Layout.seq(p.statelessBatch()),
            1,
            0,
            null,
            0,
            new IoCounts(Map.of(IoMetric.S3_LIST_REQUESTS, 2_000L))));

    LedgerRecord failed =
        sc.service.lifecycle().fail(BatchKind.STATELESS, p.statelessBatch(), "boom");

    // 2,000 LISTs at the PUT price: $0.01
    assertThat(BatchCost.fromLedger(failed).orElseThrow().total()).isEqualByComparingTo("0.01");
  }

  private static void call(BacklogHandler handler, String request) throws Exception {
    handler.handleRequest(
        new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)),
        new ByteArrayOutputStream(),
        null);
  }
}
