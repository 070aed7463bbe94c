package dev.recon.core.testing;

import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.CachedArtifact;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory ArtifactCache; {@link #down} makes every call fail as an unreachable Redis would. */
public final class InMemoryArtifactCache implements ArtifactCache {
  private final ConcurrentHashMap<String, CachedArtifact> values = new ConcurrentHashMap<>();
  public volatile boolean down;

  @Override
  public int putAll(Collection<CachedArtifact> artifacts) {
    check();
    artifacts.forEach(a -> values.put(a.artifactId(), a));
    return artifacts.size();
  }

  @Override
  public Map<String, CachedArtifact> getAll(Collection<String> artifactIds) {
    check();
    Map<String, CachedArtifact> out = new HashMap<>();
    artifactIds.forEach(id -> {
      CachedArtifact c = values.get(id);
      if (c != null) {
        out.put(id, c);
      }
    });
    return out;
  }

  private void check() {
    if (down) {
      throw new StoreUnavailableException("cache down (test)", null);
    }
  }

  @Override
  public void close() {}
}
