package dev.recon.core.contract;

import dev.recon.core.model.ArtifactLocation;
import java.util.Objects;

/**
 * A prior artifact fetched for a stateful batch: its encoded bytes exactly as stored in its
 * part-file, the version and location the index named, and where the bytes came from.
 */
public record PrefetchedArtifact(
    String artifactId, long version, ArtifactLocation location, Source source, byte[] artifact) {

  /** Where the bytes were read. */
  public enum Source {
    /** Redis, with the version the index names. */
    CACHE,
    /** A ranged GET of the state part-file. */
    STORE
  }

  public PrefetchedArtifact {
    Objects.requireNonNull(artifactId, "artifactId");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(artifact, "artifact");
  }
}
