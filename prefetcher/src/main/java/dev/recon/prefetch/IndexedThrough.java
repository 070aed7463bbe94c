package dev.recon.prefetch;

import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.ledger.LedgerUpdates;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.util.Optional;

/**
 * DESIGN §2 "In-flight updates": the highest stateful batch below {@code N} whose indexing has
 * completed ({@code stage.index = SUCCESS}).
 *
 * <p>The index stage admits batches strictly in order and a failure holds every later batch, so the
 * first batch found indexed walking down from {@code N-1} has every earlier batch indexed too. The
 * walk costs one read per in-flight batch (one or two on a healthy assembly line). A CANCELED batch
 * never produced state and is stepped over.
 */
public final class IndexedThrough {
  private IndexedThrough() {}

  public static long compute(BatchLedger ledger, long batch) {
    for (long m = batch - 1; m >= 1; m--) {
      Optional<LedgerRecord> r = ledger.get(BatchKind.STATEFUL, Layout.seq(m));
      if (r.isPresent() && indexed(r.get())) {
        return m;
      }
    }
    return 0;
  }

  /** Whether the record says its index stage succeeded. */
  public static boolean indexed(LedgerRecord r) {
    return BatchStatus.parse(r.attribute(LedgerNames.stage(LedgerNames.STAGE_INDEX)))
        == BatchStatus.SUCCESS;
  }

  /**
   * Records indexedThrough on batch {@code N}'s record unless it is already there, and returns the
   * recorded value. Keeping an earlier value on a retry is safe: a lower indexedThrough only makes
   * the processor read more in-flight part-files, whose copies are never older than the index's.
   */
  public static long record(BatchLedger ledger, long batch) {
    String id = Layout.seq(batch);
    LedgerRecord stored =
        LedgerUpdates.update(
            ledger,
            BatchKind.STATEFUL,
            id,
            r -> {
              if (r.attribute(LedgerNames.INDEXED_THROUGH) != null) {
                return r;
              }
              long through = compute(ledger, batch);
              return r.withAttributes(
                  java.util.Map.of(LedgerNames.INDEXED_THROUGH, Long.toString(through)));
            });
    return Long.parseLong(stored.attribute(LedgerNames.INDEXED_THROUGH));
  }
}
