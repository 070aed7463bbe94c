package dev.recon.core.tenant;

import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One tenant's view of the shared ledger: record ids and counter names are stored as {@code <t>#id}
 * ({@link TenantKeys}), so each tenant has its own inputs, batches, sequences and stage locks, and
 * a listing returns only the tenant's records. Closing it closes the delegate.
 */
final class TenantBatchLedger implements BatchLedger {
  private final BatchLedger delegate;
  private final TenantKeys keys;

  TenantBatchLedger(BatchLedger delegate, TenantKeys keys) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public LedgerRecord create(LedgerRecord record) throws LedgerConflictException {
    return own(delegate.create(stored(record)));
  }

  @Override
  public Optional<LedgerRecord> get(BatchKind kind, String id) {
    return delegate.get(kind, keys.itemKey(id)).map(this::own);
  }

  @Override
  public LedgerRecord update(LedgerRecord next) throws LedgerConflictException {
    return own(delegate.update(stored(next)));
  }

  @Override
  public void delete(LedgerRecord expected) throws LedgerConflictException {
    delegate.delete(stored(expected));
  }

  @Override
  public List<LedgerRecord> list(BatchKind kind) {
    return owned(delegate.list(kind));
  }

  @Override
  public List<LedgerRecord> listUnfinished(BatchKind kind) {
    return owned(delegate.listUnfinished(kind));
  }

  @Override
  public long nextSequence(String counter) {
    return delegate.nextSequence(keys.itemKey(counter));
  }

  @Override
  public void close() {
    delegate.close();
  }

  private List<LedgerRecord> owned(List<LedgerRecord> all) {
    List<LedgerRecord> out = new ArrayList<>();
    for (LedgerRecord r : all) {
      keys.ownId(r.id()).ifPresent(id -> out.add(withId(r, id)));
    }
    return out;
  }

  private LedgerRecord stored(LedgerRecord r) {
    return withId(r, keys.itemKey(r.id()));
  }

  private LedgerRecord own(LedgerRecord r) {
    return withId(r, keys.ownId(r.id()).orElseThrow());
  }

  private static LedgerRecord withId(LedgerRecord r, String id) {
    return id.equals(r.id())
        ? r
        : new LedgerRecord(
            r.kind(),
            id,
            r.sequence(),
            r.status(),
            r.createdAt(),
            r.updatedAt(),
            r.counts(),
            r.attributes(),
            r.revision());
  }
}
