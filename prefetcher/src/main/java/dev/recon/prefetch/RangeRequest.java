package dev.recon.prefetch;

import java.util.Objects;

/**
 * Exactly {@code length} bytes wanted at {@code offset} of object {@code key}: one artifact's
 * encoded bytes as an index entry locates them.
 */
public record RangeRequest(String key, long offset, long length) {
  public RangeRequest {
    Objects.requireNonNull(key, "key");
    if (offset < 0 || length <= 0 || offset + length < 0) {
      throw new IllegalArgumentException("bad range " + key + "@" + offset + "+" + length);
    }
    if (length > RangeCoalescingPlanner.MAX_ASSEMBLED_BYTES) {
      throw new IllegalArgumentException(
          "range of "
              + length
              + " bytes cannot be assembled into one array: "
              + key
              + "@"
              + offset);
    }
  }

  public long end() {
    return offset + length;
  }
}
