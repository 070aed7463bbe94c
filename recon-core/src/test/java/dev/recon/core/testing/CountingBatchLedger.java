package dev.recon.core.testing;

import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjIntConsumer;

/**
 * A ledger (an {@link InMemoryBatchLedger} unless given one) that counts the reads and updates it
 * is asked for, and can run another writer just before an update (given the record and the update's
 * 1-based number), so tests see how often a caller reads and how it copes with losing a conditional
 * write.
 */
public final class CountingBatchLedger implements BatchLedger {
  public final BatchLedger delegate;
  public final AtomicInteger gets = new AtomicInteger();
  public final AtomicInteger updates = new AtomicInteger();
  private volatile ObjIntConsumer<LedgerRecord> beforeUpdate = (next, n) -> {};

  public CountingBatchLedger() {
    this(new InMemoryBatchLedger());
  }

  public CountingBatchLedger(BatchLedger delegate) {
    this.delegate = delegate;
  }

  /**
   * Runs {@code hook} with the record about to be written and the update's number (1 for the first)
   * before each update.
   */
  public CountingBatchLedger beforeUpdate(ObjIntConsumer<LedgerRecord> hook) {
    this.beforeUpdate = hook;
    return this;
  }

  @Override
  public LedgerRecord create(LedgerRecord record) {
    return delegate.create(record);
  }

  @Override
  public Optional<LedgerRecord> get(BatchKind kind, String id) {
    gets.incrementAndGet();
    return delegate.get(kind, id);
  }

  @Override
  public LedgerRecord update(LedgerRecord next) {
    beforeUpdate.accept(next, updates.incrementAndGet());
    return delegate.update(next);
  }

  @Override
  public void delete(LedgerRecord expected) {
    delegate.delete(expected);
  }

  @Override
  public List<LedgerRecord> list(BatchKind kind) {
    return delegate.list(kind);
  }

  @Override
  public long nextSequence(String counter) {
    return delegate.nextSequence(counter);
  }

  @Override
  public void close() {}
}
