package dev.recon.core.contract;

import dev.recon.core.error.ReconException;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;

/**
 * What stateful batch {@code N} covers: stateless batches {@code statelessFrom..statelessTo}
 * (inclusive) and its {@code asOf} (the window end; null where a stage does not need it). Read from
 * the batch's STATEFUL ledger record (written by the backlog manager); job arguments may override
 * each value, which is how tests and manual replays run a batch.
 */
public record StatefulBatchPlan(long batch, long statelessFrom, long statelessTo, Instant asOf)
    implements Serializable {

  public StatefulBatchPlan {
    if (batch < 1 || statelessFrom < 1 || statelessTo < statelessFrom) {
      throw new IllegalArgumentException(
          "bad plan: batch " + batch + " stateless " + statelessFrom + ".." + statelessTo);
    }
  }

  /**
   * Overrides ({@code from}, {@code to}, {@code asOf}) win; null ones are read from the ledger.
   *
   * @param asOfRequired whether a missing asOf is an error (the processor) or not (the prefetcher)
   */
  public static StatefulBatchPlan resolve(
      BatchLedger ledger, long batch, Long from, Long to, Instant asOf, boolean asOfRequired) {
    boolean complete = from != null && to != null && (asOf != null || !asOfRequired);
    Optional<LedgerRecord> record =
        complete ? Optional.empty() : ledger.get(BatchKind.STATEFUL, Layout.seq(batch));
    long f =
        from != null ? from : Long.parseLong(required(record, batch, LedgerNames.STATELESS_FROM));
    long t = to != null ? to : Long.parseLong(required(record, batch, LedgerNames.STATELESS_TO));
    Instant a = asOf;
    if (a == null && asOfRequired) {
      a = Instant.parse(required(record, batch, LedgerNames.WINDOW_END));
    }
    return new StatefulBatchPlan(batch, f, t, a);
  }

  private static String required(Optional<LedgerRecord> record, long batch, String name) {
    LedgerRecord r =
        record.orElseThrow(
            () -> new ReconException("ledger has no STATEFUL record " + Layout.seq(batch)));
    String v = r.attribute(name);
    if (v == null || v.isBlank()) {
      throw new ReconException("STATEFUL record " + Layout.seq(batch) + " lacks attribute " + name);
    }
    return v;
  }
}
