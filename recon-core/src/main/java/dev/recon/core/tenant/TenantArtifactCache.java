package dev.recon.core.tenant;

import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.CachedArtifact;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One tenant's view of the shared artifact cache: entries live under {@code <t>#artifactId} ({@link
 * TenantKeys}), the same item key as the index. Closing it closes the delegate.
 */
final class TenantArtifactCache implements ArtifactCache {
  private final ArtifactCache delegate;
  private final TenantKeys keys;

  TenantArtifactCache(ArtifactCache delegate, TenantKeys keys) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public int putAll(Collection<CachedArtifact> artifacts) {
    List<CachedArtifact> stored = new ArrayList<>(artifacts.size());
    for (CachedArtifact a : artifacts) {
      stored.add(new CachedArtifact(keys.itemKey(a.artifactId()), a.version(), a.bytes()));
    }
    return delegate.putAll(stored);
  }

  @Override
  public Map<String, CachedArtifact> getAll(Collection<String> artifactIds) {
    List<String> stored = new ArrayList<>(artifactIds.size());
    for (String id : artifactIds) {
      stored.add(keys.itemKey(id));
    }
    Map<String, CachedArtifact> out = new HashMap<>();
    for (CachedArtifact c : delegate.getAll(stored).values()) {
      keys.ownId(c.artifactId())
          .ifPresent(id -> out.put(id, new CachedArtifact(id, c.version(), c.bytes())));
    }
    return out;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
