package dev.recon.cli.serve;

import dev.recon.core.cost.CostModel;
import dev.recon.core.cost.PriceTable;
import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.metrics.IoCounts;
import dev.recon.core.metrics.IoMetric;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Ledger records as the pipeline writes them, for the status page and /api/batches tests. */
final class Batches {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  /** A note an attacker could plant through an input's content: must show as text, never run. */
  static final String HOSTILE_NOTE =
      "<script>document.title='pwned'</script><img src=x onerror=alert(1)> & \"quoted\"";

  /**
   * A quarantine reason as a hostile ledger writer could name it: shown as text on the metrics
   * table.
   */
  static final String HOSTILE_REASON = "<script>document.title='owned'</script>";

  /** The reducer's metrics of stateless batch 1: 1000 lines, 990 accepted, 3 + 1 quarantined. */
  static final StageMetrics REDUCE_1 =
      new StageMetrics(
          LedgerNames.STAGE_REDUCE,
          Layout.seq(1),
          1000,
          990,
          new TreeMap<>(Map.of("BAD_AMOUNT", 3L, HOSTILE_REASON, 1L)),
          74_500,
          new IoCounts(
              Map.of(
                  IoMetric.S3_GET_REQUESTS,
                  3L,
                  IoMetric.S3_PUT_REQUESTS,
                  7L,
                  IoMetric.S3_BYTES_WRITTEN,
                  4096L)));

  /** The prefetcher's metrics of stateful batch 1: 3 of 4 lookups hit the cache. */
  static final StageMetrics PREFETCH_1 =
      new StageMetrics(
          LedgerNames.STAGE_PREFETCH,
          Layout.seq(1),
          120,
          40,
          null,
          2_300,
          new IoCounts(
              Map.of(
                  IoMetric.DYNAMODB_READS,
                  120L,
                  IoMetric.CACHE_HITS,
                  30L,
                  IoMetric.CACHE_MISSES,
                  10L,
                  IoMetric.S3_GET_REQUESTS,
                  2L,
                  IoMetric.S3_PUT_REQUESTS,
                  1L)));

  private Batches() {}

  static List<LedgerRecord> seed() {
    List<LedgerRecord> out = new ArrayList<>();
    out.add(input("input/2026/11/22/10/a.jsonl", BatchStatus.SUCCESS));
    out.add(input("input/2026/11/22/10/b.jsonl", BatchStatus.SUCCESS));
    out.add(input("input/2026/11/22/10/c.jsonl", BatchStatus.INITIATED));

    out.add(
        LedgerRecord.create(BatchKind.STATELESS, Layout.seq(1), 1, BatchStatus.SUCCESS, T0)
            .withAttributes(
                Map.of(
                    LedgerNames.WINDOW_START,
                    "2026-11-22T10:00:00Z",
                    LedgerNames.WINDOW_END,
                    "2026-11-22T10:05:00Z",
                    LedgerNames.STATEFUL_BATCH,
                    "1",
                    BatchReport.STARTED_AT,
                    "2026-11-22T10:05:10Z",
                    BatchReport.FINISHED_AT,
                    "2026-11-22T10:06:25Z"))
            .withCounts(
                Map.of(
                    LedgerNames.READ,
                    1000L,
                    LedgerNames.ACCEPTED,
                    990L,
                    LedgerNames.DUPLICATES,
                    7L,
                    LedgerNames.QUARANTINED,
                    3L,
                    "quarantined.BAD_AMOUNT",
                    3L,
                    LedgerNames.KEYS,
                    120L,
                    BatchReport.DURATION_MS,
                    75_000L))
            .withCounts(REDUCE_1.toLedgerCounts()));
    // priced as the backlog manager prices a finished batch (CostModelTest checks the arithmetic)
    out.set(
        out.size() - 1,
        out.get(out.size() - 1)
            .withAttributes(
                new CostModel(PriceTable.BUNDLED)
                    .estimate(out.get(out.size() - 1))
                    .toAttributes()));
    out.add(
        LedgerRecord.create(
                BatchKind.STATELESS, Layout.seq(2), 2, BatchStatus.EXECUTING, T0.plusSeconds(600))
            .withAttributes(
                Map.of(
                    LedgerNames.WINDOW_START,
                    "2026-11-22T10:05:00Z",
                    LedgerNames.WINDOW_END,
                    "2026-11-22T10:10:00Z",
                    BatchReport.STARTED_AT,
                    "2026-11-22T10:10:05Z")));

    out.add(
        LedgerRecord.create(
                BatchKind.STATEFUL, Layout.seq(1), 1, BatchStatus.SUCCESS, T0.plusSeconds(400))
            .withAttributes(
                Map.of(
                    LedgerNames.STATELESS_FROM,
                    "1",
                    LedgerNames.STATELESS_TO,
                    "1",
                    LedgerNames.WINDOW_END,
                    "2026-11-22T10:05:00Z",
                    LedgerNames.stage(LedgerNames.STAGE_PREFETCH),
                    "SUCCESS",
                    LedgerNames.stage(LedgerNames.STAGE_PROCESS),
                    "SUCCESS",
                    LedgerNames.stage(LedgerNames.STAGE_INDEX),
                    "SUCCESS",
                    BatchReport.STARTED_AT,
                    "2026-11-22T10:06:40Z",
                    BatchReport.FINISHED_AT,
                    "2026-11-22T10:09:12Z"))
            .withCounts(Map.of(LedgerNames.EVENTS, 990L, "artifacts", 120L))
            .withCounts(PREFETCH_1.toLedgerCounts()));
    out.add(
        LedgerRecord.create(
                BatchKind.STATEFUL, Layout.seq(2), 2, BatchStatus.EXECUTING, T0.plusSeconds(700))
            .withAttributes(
                Map.of(
                    LedgerNames.STATELESS_FROM,
                    "2",
                    LedgerNames.STATELESS_TO,
                    "3",
                    LedgerNames.stage(LedgerNames.STAGE_PREFETCH),
                    "SUCCESS",
                    LedgerNames.stage(LedgerNames.STAGE_PROCESS),
                    "EXECUTING",
                    BatchReport.STARTED_AT,
                    "2026-11-22T10:11:00Z")));
    out.add(
        LedgerRecord.create(
                BatchKind.STATEFUL, Layout.seq(3), 3, BatchStatus.FAILURE, T0.plusSeconds(800))
            .withAttributes(
                Map.of(
                    LedgerNames.stage(LedgerNames.STAGE_PREFETCH),
                    "FAILURE",
                    LedgerNames.ERROR,
                    HOSTILE_NOTE))
            .withCounts(Map.of(BatchReport.ATTEMPTS, 2L)));
    return out;
  }

  private static LedgerRecord input(String key, BatchStatus status) {
    return LedgerRecord.create(BatchKind.INPUT, key, 0, status, T0);
  }

  /** Writes the seed into a real ledger. */
  static void seed(BatchLedger ledger) {
    seed().forEach(ledger::create);
  }

  /** Just enough of a ledger for the server's unit tests: list and get; writes refused. */
  static BatchLedger readOnly(List<LedgerRecord> records) {
    return new BatchLedger() {
      @Override
      public LedgerRecord create(LedgerRecord record) throws LedgerConflictException {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<LedgerRecord> get(BatchKind kind, String id) {
        return records.stream().filter(r -> r.kind() == kind && r.id().equals(id)).findFirst();
      }

      @Override
      public LedgerRecord update(LedgerRecord next) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void delete(LedgerRecord expected) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<LedgerRecord> list(BatchKind kind) {
        return records.stream()
            .filter(r -> r.kind() == kind)
            .sorted(Comparator.comparing(LedgerRecord::id))
            .toList();
      }

      @Override
      public long nextSequence(String counter) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void close() {}
    };
  }
}
