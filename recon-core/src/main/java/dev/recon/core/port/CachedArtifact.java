package dev.recon.core.port;

import java.util.Objects;

/** An artifact's encoded bytes tagged with its version. */
public record CachedArtifact(String artifactId, long version, byte[] bytes) {
  public CachedArtifact {
    Objects.requireNonNull(artifactId, "artifactId");
    Objects.requireNonNull(bytes, "bytes");
  }
}
