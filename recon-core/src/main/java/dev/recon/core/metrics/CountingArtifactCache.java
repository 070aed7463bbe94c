package dev.recon.core.metrics;

import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.CachedArtifact;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * Counts cache hits, misses and writes on the way to the real cache. A versioned lookup ({@link
 * #getIfVersion}, which {@code get} uses) counts a hit for each copy of the expected version and a
 * miss for every other key; a raw {@link #getAll} counts a hit per copy found, whatever its
 * version. Writes count the artifacts the cache stored. A call that fails (cache down) counts
 * nothing: callers count their fallbacks themselves. {@link #close()} leaves the delegate open.
 */
public final class CountingArtifactCache implements ArtifactCache {
  private final ArtifactCache delegate;
  private final IoCounter counter;

  public CountingArtifactCache(ArtifactCache delegate, IoCounter counter) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.counter = Objects.requireNonNull(counter, "counter");
  }

  @Override
  public int putAll(Collection<CachedArtifact> artifacts) {
    int stored = delegate.putAll(artifacts);
    counter.add(IoMetric.CACHE_WRITES, stored);
    return stored;
  }

  @Override
  public Map<String, CachedArtifact> getAll(Collection<String> artifactIds) {
    Map<String, CachedArtifact> found = delegate.getAll(artifactIds);
    count(artifactIds.size(), found.size());
    return found;
  }

  @Override
  public Map<String, byte[]> getIfVersion(Map<String, Long> expectedVersions) {
    Map<String, byte[]> hits = delegate.getIfVersion(expectedVersions);
    count(expectedVersions.size(), hits.size());
    return hits;
  }

  private void count(int asked, int hits) {
    counter.add(IoMetric.CACHE_HITS, hits);
    counter.add(IoMetric.CACHE_MISSES, Math.max(0, asked - hits));
  }

  @Override
  public void close() {}
}
