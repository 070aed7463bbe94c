package dev.recon.core.testing;

import dev.recon.core.model.IndexEntry;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.IndexPutOutcome;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory ArtifactIndex with the same conditional-write rule as the DynamoDB one. */
public final class InMemoryArtifactIndex implements ArtifactIndex {
  private final ConcurrentHashMap<String, IndexEntry> entries = new ConcurrentHashMap<>();

  @Override
  public Optional<IndexEntry> get(String artifactId) {
    return Optional.ofNullable(entries.get(artifactId));
  }

  @Override
  public Map<String, IndexEntry> getAll(Collection<String> artifactIds) {
    Map<String, IndexEntry> out = new HashMap<>();
    artifactIds.forEach(id -> get(id).ifPresent(e -> out.put(id, e)));
    return out;
  }

  @Override
  public IndexPutOutcome putIfNewer(IndexEntry entry) {
    boolean[] written = {false};
    entries.compute(entry.artifactId(), (k, old) -> {
      if (old == null || old.version() < entry.version()) {
        written[0] = true;
        return entry;
      }
      return old;
    });
    return written[0] ? IndexPutOutcome.WRITTEN : IndexPutOutcome.NOT_NEWER;
  }

  @Override
  public void scan(java.util.function.Consumer<IndexEntry> sink) {
    entries.values().forEach(sink);
  }

  @Override
  public void close() {}
}
