package dev.recon.core.port;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Version-tagged artifact bytes with a TTL. A cached copy is only ever used when its version is the
 * one the index names: anything else is a miss.
 */
public interface ArtifactCache extends AutoCloseable {

  /**
   * Stores the artifacts in one pipelined round trip. Artifacts larger than the configured maximum
   * are not cached (they are served from the object store); the result counts what was stored.
   */
  int putAll(Collection<CachedArtifact> artifacts);

  /** Raw multi-get: whatever is cached, whatever its version. */
  Map<String, CachedArtifact> getAll(Collection<String> artifactIds);

  /**
   * Multi-get that keeps only copies whose version equals the expected one. A copy with any other
   * version (stale or ahead of a lagging index) is a miss.
   */
  default Map<String, byte[]> getIfVersion(Map<String, Long> expectedVersions) {
    Map<String, CachedArtifact> found = getAll(expectedVersions.keySet());
    Map<String, byte[]> hits = new java.util.HashMap<>();
    found.forEach(
        (id, cached) -> {
          Long expected = expectedVersions.get(id);
          if (expected != null && cached.version() == expected) {
            hits.put(id, cached.bytes());
          }
        });
    return hits;
  }

  default Optional<byte[]> get(String artifactId, long expectedVersion) {
    return Optional.ofNullable(getIfVersion(Map.of(artifactId, expectedVersion)).get(artifactId));
  }

  @Override
  void close();
}
