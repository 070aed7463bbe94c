package dev.recon.core.contract;

import java.io.Serializable;
import java.util.Objects;

/**
 * One written part-file as the manifest lists it: key, exact size, sha256 (hex) and number of
 * lines. A plain class (not a record) because it travels back from executors through Kryo.
 */
public final class PartFile implements Serializable {
  private static final long serialVersionUID = 1L;

  private String key;
  private long bytes;
  private String sha256;
  private long records;

  /** For Kryo. */
  public PartFile() {}

  public PartFile(String key, long bytes, String sha256, long records) {
    this.key = Objects.requireNonNull(key, "key");
    this.bytes = bytes;
    this.sha256 = Objects.requireNonNull(sha256, "sha256");
    this.records = records;
  }

  public String key() {
    return key;
  }

  public long bytes() {
    return bytes;
  }

  public String sha256() {
    return sha256;
  }

  public long records() {
    return records;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartFile p
        && key.equals(p.key)
        && bytes == p.bytes
        && sha256.equals(p.sha256)
        && records == p.records;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, bytes, sha256, records);
  }

  @Override
  public String toString() {
    return key + " (" + bytes + " bytes, " + records + " lines, sha256 " + sha256 + ")";
  }
}
