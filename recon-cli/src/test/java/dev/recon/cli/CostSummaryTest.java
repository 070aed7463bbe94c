package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.cost.BatchCost;
import dev.recon.core.cost.CostService;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostSummaryTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  private static LedgerRecord batch(
      BatchKind kind, long n, String tenant, String finishedAt, String s3, String emr) {
    Map<String, String> a = new HashMap<>();
    if (tenant != null) {
      a.put("tenant", tenant);
    }
    if (finishedAt != null) {
      a.put("finishedAt", finishedAt);
    }
    LedgerRecord r =
        LedgerRecord.create(kind, Long.toString(n), n, BatchStatus.SUCCESS, T).withAttributes(a);
    if (s3 != null) {
      r =
          r.withAttributes(
              new BatchCost(
                      Map.of(
                          CostService.S3, new BigDecimal(s3), CostService.EMR, new BigDecimal(emr)),
                      "t 2024-11-01")
                  .toAttributes());
    }
    return r;
  }

  private final List<LedgerRecord> ledger =
      List.of(
          batch(BatchKind.STATELESS, 1, null, "2026-11-22T10:00:00Z", "0.10", "1.00"),
          batch(BatchKind.STATEFUL, 1, "default", "2026-11-22T10:30:00Z", "0.20", "2.00"),
          batch(BatchKind.STATELESS, 2, "acme", "2026-11-22T11:00:00Z", "0.40", "4.00"),
          batch(BatchKind.STATEFUL, 2, null, null, null, null), // running
          LedgerRecord.create(BatchKind.INPUT, "input/x", 1, BatchStatus.SUCCESS, T));

  @Test
  void summarise_shouldSumEveryTenant_andCountTheUnpriced() {
    CostCommand.Summary s = CostCommand.summarise(ledger, null, null, null);
    assertThat(s.stateless()).isEqualTo(2);
    assertThat(s.stateful()).isEqualTo(2);
    assertThat(s.unpriced()).isEqualTo(1);
    // 0.10 + 1.00 + 0.20 + 2.00 + 0.40 + 4.00
    assertThat(s.cost().total()).isEqualByComparingTo("7.70");
    assertThat(s.cost().get(CostService.S3)).isEqualByComparingTo("0.70");
    assertThat(s.byTenant().get("default").total()).isEqualByComparingTo("3.30");
    assertThat(s.byTenant().get("acme").total()).isEqualByComparingTo("4.40");
    assertThat(s.batchesByTenant()).containsEntry("default", 3L).containsEntry("acme", 1L);
  }

  @Test
  void summarise_shouldKeepOneTenant_andAHalfOpenWindowOnFinishedAt() {
    // a batch without a tenant attribute is tenant "default"
    assertThat(CostCommand.summarise(ledger, "default", null, null).cost().total())
        .isEqualByComparingTo("3.30");
    // [10:00, 11:00): the batch finished at 11:00 is out, the running one has no finishedAt
    CostCommand.Summary w =
        CostCommand.summarise(ledger, null, T, Instant.parse("2026-11-22T11:00:00Z"));
    assertThat(w.stateless() + w.stateful()).isEqualTo(2);
    assertThat(w.unpriced()).isZero();
    assertThat(w.cost().total()).isEqualByComparingTo("3.30");
    assertThat(CostCommand.summarise(ledger, "acme", T.plusSeconds(3601), null).cost().total())
        .isZero();
  }
}
