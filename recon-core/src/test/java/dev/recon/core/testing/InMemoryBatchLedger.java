package dev.recon.core.testing;

import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** An in-memory {@link BatchLedger} with the same optimistic-locking rules as DynamoDB's. */
public final class InMemoryBatchLedger implements BatchLedger {
  private final ConcurrentSkipListMap<String, LedgerRecord> records = new ConcurrentSkipListMap<>();

  private static String k(BatchKind kind, String id) {
    return kind + "/" + id;
  }

  @Override
  public synchronized LedgerRecord create(LedgerRecord record) {
    if (records.putIfAbsent(k(record.kind(), record.id()), record) != null) {
      throw new LedgerConflictException("exists: " + record.id());
    }
    return record;
  }

  @Override
  public Optional<LedgerRecord> get(BatchKind kind, String id) {
    return Optional.ofNullable(records.get(k(kind, id)));
  }

  @Override
  public synchronized LedgerRecord update(LedgerRecord next) {
    LedgerRecord cur = records.get(k(next.kind(), next.id()));
    if (cur == null || cur.revision() != next.revision()) {
      throw new LedgerConflictException("stale revision of " + next.id());
    }
    LedgerRecord stored = next.withRevision(next.revision() + 1);
    records.put(k(next.kind(), next.id()), stored);
    return stored;
  }

  @Override
  public synchronized void delete(LedgerRecord expected) {
    LedgerRecord cur = records.get(k(expected.kind(), expected.id()));
    if (cur == null || cur.revision() != expected.revision()) {
      throw new LedgerConflictException("stale revision of " + expected.id());
    }
    records.remove(k(expected.kind(), expected.id()));
  }

  @Override
  public List<LedgerRecord> list(BatchKind kind) {
    List<LedgerRecord> out = new ArrayList<>();
    records.forEach(
        (key, r) -> {
          if (r.kind() == kind) {
            out.add(r);
          }
        });
    return out;
  }

  @Override
  public synchronized long nextSequence(String counter) {
    LedgerRecord cur = records.get(k(BatchKind.COUNTER, counter));
    long next = cur == null ? 1 : cur.sequence() + 1;
    records.put(
        k(BatchKind.COUNTER, counter),
        new LedgerRecord(
            BatchKind.COUNTER,
            counter,
            next,
            BatchStatus.SUCCESS,
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            null,
            next));
    return next;
  }

  @Override
  public void close() {}
}
