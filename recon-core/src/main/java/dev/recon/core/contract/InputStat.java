package dev.recon.core.contract;

import java.io.Serializable;
import java.util.Objects;

/**
 * What one input object gave: its stored size, the lines read, and whether it could be read at all.
 */
public final class InputStat implements Serializable, Comparable<InputStat> {
  private static final long serialVersionUID = 1L;

  private String key;
  private long bytes;
  private long lines;
  private boolean readable;

  /** For Kryo. */
  public InputStat() {}

  public InputStat(String key, long bytes, long lines, boolean readable) {
    this.key = Objects.requireNonNull(key, "key");
    this.bytes = bytes;
    this.lines = lines;
    this.readable = readable;
  }

  public String key() {
    return key;
  }

  public long bytes() {
    return bytes;
  }

  /** Lines read; 1 for an unreadable object (its one object-level quarantine record). */
  public long lines() {
    return lines;
  }

  public boolean readable() {
    return readable;
  }

  @Override
  public int compareTo(InputStat o) {
    return key.compareTo(o.key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputStat s
        && key.equals(s.key)
        && bytes == s.bytes
        && lines == s.lines
        && readable == s.readable;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, bytes, lines, readable);
  }

  @Override
  public String toString() {
    return key
        + " ("
        + bytes
        + " bytes, "
        + lines
        + " lines"
        + (readable ? "" : ", unreadable")
        + ")";
  }
}
