package dev.recon.core.testing;

import dev.recon.core.model.IndexEntry;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.IndexPutOutcome;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An in-memory ArtifactIndex with the same conditional-write rule as the DynamoDB one (the contract
 * suite {@link ArtifactIndexContract} runs against both); {@link #writes} counts successful writes.
 */
public final class InMemoryArtifactIndex implements ArtifactIndex {
  private final ConcurrentHashMap<String, IndexEntry> entries = new ConcurrentHashMap<>();
  public final AtomicLong writes = new AtomicLong();

  @Override
  public Optional<IndexEntry> get(String artifactId) {
    return Optional.ofNullable(entries.get(artifactId));
  }

  @Override
  public Map<String, IndexEntry> getAll(Collection<String> artifactIds) {
    Map<String, IndexEntry> out = new HashMap<>();
    for (String id : artifactIds) {
      IndexEntry e = entries.get(id);
      if (e != null) {
        out.put(id, e);
      }
    }
    return out;
  }

  @Override
  public IndexPutOutcome putIfNewer(IndexEntry entry) {
    boolean[] written = {false};
    entries.compute(
        entry.artifactId(),
        (id, old) -> {
          if (old == null || old.version() < entry.version()) {
            written[0] = true;
            return entry;
          }
          return old;
        });
    if (written[0]) {
      writes.incrementAndGet();
    }
    return written[0] ? IndexPutOutcome.WRITTEN : IndexPutOutcome.NOT_NEWER;
  }

  @Override
  public void scan(Consumer<IndexEntry> sink) {
    entries.values().forEach(sink);
  }

  /** A copy of every entry, by artifact id. */
  public Map<String, IndexEntry> snapshot() {
    return new TreeMap<>(entries);
  }

  @Override
  public void close() {}
}
