package dev.recon.core.metrics;

import dev.recon.core.ledger.LedgerUpdates;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;

/**
 * Writes a stage's metrics onto its batch's ledger record ({@code metrics.<stage>.*} counts), under
 * the ledger's optimistic locking. The last run of a stage wins: a rerun that did work again
 * replaces the counts of the run before it.
 */
public final class StageMetricsLedger {
  private StageMetricsLedger() {}

  /** Reducer metrics go on the STATELESS record, the stateful stages' on the STATEFUL one. */
  public static LedgerRecord record(BatchLedger ledger, BatchKind kind, StageMetrics metrics) {
    return LedgerUpdates.update(
        ledger, kind, metrics.batch(), r -> r.withCounts(metrics.toLedgerCounts()));
  }
}
