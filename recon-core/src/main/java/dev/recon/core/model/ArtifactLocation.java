package dev.recon.core.model;

import java.util.Objects;

/**
 * Where one encoded artifact lives: exactly {@code length} bytes at {@code offset} of a part-file.
 */
public record ArtifactLocation(String partFile, long offset, long length)
    implements java.io.Serializable {
  public ArtifactLocation {
    Objects.requireNonNull(partFile, "partFile");
    if (offset < 0 || length <= 0) {
      throw new IllegalArgumentException("bad location " + partFile + "@" + offset + "+" + length);
    }
  }
}
