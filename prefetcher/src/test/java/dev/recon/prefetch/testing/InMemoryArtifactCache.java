package dev.recon.prefetch.testing;

import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.CachedArtifact;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link ArtifactCache} that skips artifacts over {@code maxBytes}, like Redis's adapter. */
public final class InMemoryArtifactCache implements ArtifactCache {
  private final ConcurrentHashMap<String, CachedArtifact> values = new ConcurrentHashMap<>();
  private final int maxBytes;
  public volatile boolean unavailable;

  public InMemoryArtifactCache(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  public InMemoryArtifactCache() {
    this(Integer.MAX_VALUE);
  }

  @Override
  public int putAll(Collection<CachedArtifact> artifacts) {
    failIfUnavailable();
    int n = 0;
    for (CachedArtifact a : artifacts) {
      if (a.bytes().length <= maxBytes) {
        values.put(a.artifactId(), new CachedArtifact(a.artifactId(), a.version(), a.bytes().clone()));
        n++;
      }
    }
    return n;
  }

  @Override
  public Map<String, CachedArtifact> getAll(Collection<String> artifactIds) {
    failIfUnavailable();
    Map<String, CachedArtifact> out = new HashMap<>();
    for (String id : artifactIds) {
      CachedArtifact a = values.get(id);
      if (a != null) {
        out.put(id, a);
      }
    }
    return out;
  }

  public Map<String, CachedArtifact> snapshot() {
    return new TreeMap<>(values);
  }

  private void failIfUnavailable() {
    if (unavailable) {
      throw new dev.recon.core.error.StoreUnavailableException("cache down (test)", null);
    }
  }

  @Override
  public void close() {}
}
