package dev.recon.core.tenant;

import dev.recon.core.model.IndexEntry;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.IndexPutOutcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One tenant's view of the shared artifact index: entries are stored under {@code <t>#artifactId}
 * with the part-file's store key ({@link TenantKeys}), and read back with the tenant's own id and
 * key. A scan returns only the tenant's entries. Closing it closes the delegate.
 */
final class TenantArtifactIndex implements ArtifactIndex {
  private final ArtifactIndex delegate;
  private final TenantKeys keys;

  TenantArtifactIndex(ArtifactIndex delegate, TenantKeys keys) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public Optional<IndexEntry> get(String artifactId) {
    return delegate.get(keys.itemKey(artifactId)).flatMap(this::own);
  }

  @Override
  public Map<String, IndexEntry> getAll(Collection<String> artifactIds) {
    List<String> stored = new ArrayList<>(artifactIds.size());
    for (String id : artifactIds) {
      stored.add(keys.itemKey(id));
    }
    Map<String, IndexEntry> out = new HashMap<>();
    for (IndexEntry e : delegate.getAll(stored).values()) {
      own(e).ifPresent(o -> out.put(o.artifactId(), o));
    }
    return out;
  }

  @Override
  public IndexPutOutcome putIfNewer(IndexEntry entry) {
    return delegate.putIfNewer(
        new IndexEntry(
            keys.itemKey(entry.artifactId()),
            keys.objectKey(entry.partFile()),
            entry.offset(),
            entry.length(),
            entry.version()));
  }

  @Override
  public void scan(Consumer<IndexEntry> sink) {
    delegate.scan(e -> own(e).ifPresent(sink));
  }

  @Override
  public void close() {
    delegate.close();
  }

  private Optional<IndexEntry> own(IndexEntry e) {
    Optional<String> id = keys.ownId(e.artifactId());
    Optional<String> part = keys.ownKey(e.partFile());
    if (id.isEmpty() || part.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new IndexEntry(id.get(), part.get(), e.offset(), e.length(), e.version()));
  }
}
