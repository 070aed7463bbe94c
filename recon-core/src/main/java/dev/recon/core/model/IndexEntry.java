package dev.recon.core.model;

import java.util.Objects;

/** DynamoDB artifact index item: artifact id to the part-file range holding its newest version. */
public record IndexEntry(String artifactId, String partFile, long offset, long length, long version)
    implements java.io.Serializable {
  public IndexEntry {
    Objects.requireNonNull(artifactId, "artifactId");
    Objects.requireNonNull(partFile, "partFile");
    if (offset < 0 || length <= 0 || version < 1) {
      throw new IllegalArgumentException(
          "bad index entry "
              + artifactId
              + " "
              + partFile
              + "@"
              + offset
              + "+"
              + length
              + " v"
              + version);
    }
  }

  public ArtifactLocation location() {
    return new ArtifactLocation(partFile, offset, length);
  }
}
