package dev.recon.core.testing;

import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.CachedArtifact;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory ArtifactCache that, like the Redis adapter, skips artifacts over {@code maxBytes}
 * and hands out copies (the contract suite {@link ArtifactCacheContract} runs against both). {@link
 * #down} makes every call fail as an unreachable Redis would.
 */
public final class InMemoryArtifactCache implements ArtifactCache {
  private final ConcurrentHashMap<String, CachedArtifact> values = new ConcurrentHashMap<>();
  private final int maxBytes;
  public volatile boolean down;

  public InMemoryArtifactCache(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  public InMemoryArtifactCache() {
    this(Integer.MAX_VALUE);
  }

  @Override
  public int putAll(Collection<CachedArtifact> artifacts) {
    check();
    int n = 0;
    for (CachedArtifact a : artifacts) {
      if (a.bytes().length <= maxBytes) {
        values.put(a.artifactId(), copy(a));
        n++;
      }
    }
    return n;
  }

  @Override
  public Map<String, CachedArtifact> getAll(Collection<String> artifactIds) {
    check();
    Map<String, CachedArtifact> out = new HashMap<>();
    for (String id : artifactIds) {
      CachedArtifact a = values.get(id);
      if (a != null) {
        out.put(id, copy(a));
      }
    }
    return out;
  }

  /** A copy of everything cached, by artifact id. */
  public Map<String, CachedArtifact> snapshot() {
    return new TreeMap<>(values);
  }

  private static CachedArtifact copy(CachedArtifact a) {
    return new CachedArtifact(a.artifactId(), a.version(), a.bytes().clone());
  }

  private void check() {
    if (down) {
      throw new StoreUnavailableException("cache down (test)", null);
    }
  }

  @Override
  public void close() {}
}
