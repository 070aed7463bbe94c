package dev.recon.core.port;

import java.time.Instant;
import java.util.Map;

/**
 * What a listing or head request tells about one object. Keys are relative to the store's prefix.
 */
public record ObjectInfo(
    String key, long size, Instant lastModified, Map<String, String> metadata) {
  public ObjectInfo {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
