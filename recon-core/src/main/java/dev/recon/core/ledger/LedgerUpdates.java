package dev.recon.core.ledger;

import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.error.ReconException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Read-modify-write of one ledger record under optimistic locking: re-read and re-apply on a
 * conflict, a bounded number of times.
 *
 * <p>Why: several stages write attributes of the same STATEFUL record (the orchestrator's stage
 * statuses, the prefetcher's indexedThrough, the processor's counts), so a conditional update can
 * lose to an unrelated writer. The change is a pure function of the current record, so re-applying
 * it to the fresh copy is always correct; the function may return the record unchanged to skip the
 * write.
 */
public final class LedgerUpdates {
  public static final int MAX_ATTEMPTS_DEFAULT = 20;

  private LedgerUpdates() {}

  public static LedgerRecord update(
      BatchLedger ledger, BatchKind kind, String id, UnaryOperator<LedgerRecord> change) {
    LedgerConflictException last = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS_DEFAULT; attempt++) {
      if (attempt > 0) {
        backoff(attempt);
      }
      Optional<LedgerRecord> current = ledger.get(kind, id);
      if (current.isEmpty()) {
        throw new ReconException("ledger has no " + kind + " record " + id);
      }
      LedgerRecord next = change.apply(current.get());
      if (next.equals(current.get())) {
        return current.get();
      }
      try {
        return ledger.update(next);
      } catch (LedgerConflictException e) {
        last = e;
      }
    }
    throw last;
  }

  private static void backoff(int attempt) {
    long cap = Math.min(500, 5L << Math.min(attempt, 10));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReconException("interrupted while retrying a ledger update", e);
    }
  }
}
