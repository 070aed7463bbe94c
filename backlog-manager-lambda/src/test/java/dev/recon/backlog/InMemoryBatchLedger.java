package dev.recon.backlog;

import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** A BatchLedger with DynamoDbBatchLedger's conditional semantics, in memory, thread-safe. */
final class InMemoryBatchLedger implements dev.recon.core.port.BatchLedger {
  private final TreeMap<String, LedgerRecord> records = new TreeMap<>();
  private final TreeMap<String, Long> counters = new TreeMap<>();
  final AtomicLong writes = new AtomicLong();

  /** Calls of {@link #list} per kind: each reads the kind's whole history. */
  final Map<BatchKind, AtomicLong> fullLists = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * What {@link #listUnfinished} returns, given the exact answer: tests hand back an older snapshot
   * here, as a lagging DynamoDB index can.
   */
  volatile java.util.function.UnaryOperator<List<LedgerRecord>> unfinishedView = l -> l;

  /** Called before every write: tests inject races and crashes here. */
  volatile Runnable beforeWrite = () -> {};

  private static String key(BatchKind kind, String id) {
    return kind.name() + "\u0000" + id;
  }

  @Override
  public LedgerRecord create(LedgerRecord record) {
    beforeWrite.run();
    synchronized (this) {
      writes.incrementAndGet();
      if (records.putIfAbsent(key(record.kind(), record.id()), record) != null) {
        throw new LedgerConflictException("exists: " + record.kind() + "/" + record.id());
      }
      return record;
    }
  }

  @Override
  public synchronized Optional<LedgerRecord> get(BatchKind kind, String id) {
    return Optional.ofNullable(records.get(key(kind, id)));
  }

  @Override
  public LedgerRecord update(LedgerRecord next) {
    beforeWrite.run();
    synchronized (this) {
      writes.incrementAndGet();
      LedgerRecord stored = records.get(key(next.kind(), next.id()));
      if (stored == null || stored.revision() != next.revision()) {
        throw new LedgerConflictException("revision moved: " + next.kind() + "/" + next.id());
      }
      LedgerRecord r = next.withRevision(next.revision() + 1);
      records.put(key(next.kind(), next.id()), r);
      return r;
    }
  }

  @Override
  public synchronized void delete(LedgerRecord expected) {
    LedgerRecord stored = records.get(key(expected.kind(), expected.id()));
    if (stored == null || stored.revision() != expected.revision()) {
      throw new LedgerConflictException("revision moved: " + expected.kind() + "/" + expected.id());
    }
    records.remove(key(expected.kind(), expected.id()));
  }

  @Override
  public List<LedgerRecord> list(BatchKind kind) {
    fullLists.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    return records(kind);
  }

  /** Exact (this ledger is consistent), unless a test set {@link #unfinishedView}. */
  @Override
  public List<LedgerRecord> listUnfinished(BatchKind kind) {
    List<LedgerRecord> out = new ArrayList<>();
    for (LedgerRecord r : records(kind)) {
      if (!r.status().terminal()) {
        out.add(r);
      }
    }
    return unfinishedView.apply(out);
  }

  long fullLists(BatchKind kind) {
    AtomicLong n = fullLists.get(kind);
    return n == null ? 0 : n.get();
  }

  private synchronized List<LedgerRecord> records(BatchKind kind) {
    List<LedgerRecord> out = new ArrayList<>();
    for (Map.Entry<String, LedgerRecord> e : records.entrySet()) {
      if (e.getValue().kind() == kind) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  @Override
  public synchronized long nextSequence(String counter) {
    return counters.merge(counter, 1L, Long::sum);
  }

  @Override
  public void close() {}
}
