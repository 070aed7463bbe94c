package dev.recon.aws;

import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.CachedArtifact;
import java.util.Collection;
import java.util.Map;

/**
 * The cache used when no Redis is configured: stores nothing, every read is a miss. Returned by
 * {@link AwsClientFactory#artifactCache()} instead of null so callers have one code path; it is not
 * a fallback for a failing Redis (that raises {@code StoreUnavailableException}).
 */
public final class NoOpArtifactCache implements ArtifactCache {
  public static final NoOpArtifactCache INSTANCE = new NoOpArtifactCache();

  private NoOpArtifactCache() {}

  @Override
  public int putAll(Collection<CachedArtifact> artifacts) {
    return 0;
  }

  @Override
  public Map<String, CachedArtifact> getAll(Collection<String> artifactIds) {
    return Map.of();
  }

  @Override
  public void close() {}
}
