package dev.recon.core.port;

import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import java.util.List;
import java.util.Optional;

/**
 * The ledger of every input, stateless and stateful batch, stage lock and sequence counter. Every
 * write is conditional, so two processes racing never both win.
 */
public interface BatchLedger extends AutoCloseable {

  /** Creates the record; fails if one with the same kind and id exists. */
  LedgerRecord create(LedgerRecord record) throws LedgerConflictException;

  Optional<LedgerRecord> get(BatchKind kind, String id);

  /**
   * Replaces the stored record if its revision still equals {@code next.revision()}; returns the
   * stored copy (revision + 1). Fails if another writer got there first.
   */
  LedgerRecord update(LedgerRecord next) throws LedgerConflictException;

  /** Deletes the record if its revision still equals {@code expected.revision()}. */
  void delete(LedgerRecord expected) throws LedgerConflictException;

  /** Every record of a kind, ordered by id. */
  List<LedgerRecord> list(BatchKind kind);

  /** Atomically increments the named counter and returns the new value (1 for the first call). */
  long nextSequence(String counter);

  @Override
  void close();
}
