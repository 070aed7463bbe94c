package dev.recon.core.port;

import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.util.ArrayList;
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

  /**
   * Every record of a kind, ordered by id. This reads the kind's whole history (every input ever
   * registered, every batch ever planned): work done on each request should use {@link
   * #listUnfinished} instead.
   */
  List<LedgerRecord> list(BatchKind kind);

  /**
   * The unfinished records of a kind — status INITIATED or EXECUTING, those whose {@link
   * BatchStatus#terminal()} is false — ordered by id. Its cost follows the number of unfinished
   * records, not the kind's history: an adapter keeps an index of them (DynamoDB: a sparse global
   * secondary index).
   *
   * <p>The index may lag the latest writes by a moment (a DynamoDB GSI is eventually consistent): a
   * record written just before may be missing, or be returned as it was before that write (older
   * revision and status). Callers therefore change what they read only with {@link #update} or
   * {@link #delete}, whose revision condition refuses a stale copy, and treat a missing record as
   * one to see on the next call. This default filters {@link #list}, which is exact and suits
   * in-memory ledgers.
   */
  default List<LedgerRecord> listUnfinished(BatchKind kind) {
    List<LedgerRecord> out = new ArrayList<>();
    for (LedgerRecord r : list(kind)) {
      if (!r.status().terminal()) {
        out.add(r);
      }
    }
    return out;
  }

  /** Atomically increments the named counter and returns the new value (1 for the first call). */
  long nextSequence(String counter);

  @Override
  void close();
}
