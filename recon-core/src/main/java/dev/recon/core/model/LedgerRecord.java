package dev.recon.core.model;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One ledger item: an input, stateless or stateful batch (or a lock), with its status, timings,
 * counts (lines read, accepted, ...) and free-form attributes (window, plan, indexedThrough, ...).
 * {@code revision} increases with every update; updates are conditional on it (optimistic locking).
 */
public record LedgerRecord(
    BatchKind kind,
    String id,
    long sequence,
    BatchStatus status,
    Instant createdAt,
    Instant updatedAt,
    SortedMap<String, Long> counts,
    SortedMap<String, String> attributes,
    long revision)
    implements java.io.Serializable {

  public LedgerRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    counts = Collections.unmodifiableSortedMap(new TreeMap<>(counts == null ? Map.of() : counts));
    attributes =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(attributes == null ? Map.of() : attributes));
  }

  public static LedgerRecord create(
      BatchKind kind, String id, long sequence, BatchStatus status, Instant now) {
    return new LedgerRecord(
        kind, id, sequence, status, now, now, new TreeMap<>(), new TreeMap<>(), 0);
  }

  public LedgerRecord withStatus(BatchStatus next, Instant now) {
    return new LedgerRecord(kind, id, sequence, next, createdAt, now, counts, attributes, revision);
  }

  public LedgerRecord withCounts(Map<String, Long> more) {
    TreeMap<String, Long> merged = new TreeMap<>(counts);
    merged.putAll(more);
    return new LedgerRecord(
        kind, id, sequence, status, createdAt, updatedAt, merged, attributes, revision);
  }

  public LedgerRecord withAttributes(Map<String, String> more) {
    TreeMap<String, String> merged = new TreeMap<>(attributes);
    merged.putAll(more);
    return new LedgerRecord(
        kind, id, sequence, status, createdAt, updatedAt, counts, merged, revision);
  }

  /** The stored copy after a successful conditional update. */
  public LedgerRecord withRevision(long next) {
    return new LedgerRecord(
        kind, id, sequence, status, createdAt, updatedAt, counts, attributes, next);
  }

  public String attribute(String name) {
    return attributes.get(name);
  }

  public long count(String name) {
    return counts.getOrDefault(name, 0L);
  }
}
