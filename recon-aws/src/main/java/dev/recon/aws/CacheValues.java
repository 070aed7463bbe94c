package dev.recon.aws;

import dev.recon.core.port.CachedArtifact;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Pure encoding of cache keys and values. A value is the artifact's version as 8 big-endian bytes
 * followed by the artifact's bytes: the version travels in the same Redis value as the bytes, so a
 * reader can never pair the bytes of one version with the tag of another.
 */
final class CacheValues {
  static final int VERSION_BYTES = Long.BYTES;

  private CacheValues() {}

  /** {@code <namespace>:artifact:}; an empty namespace gives {@code artifact:}. */
  static String keyPrefix(String namespace) {
    String ns = namespace == null ? "" : namespace.strip();
    return ns.isEmpty() ? "artifact:" : ns + ":artifact:";
  }

  static byte[] encode(long version, byte[] bytes) {
    return ByteBuffer.allocate(VERSION_BYTES + bytes.length).putLong(version).put(bytes).array();
  }

  /** The decoded artifact, or null when the value is too short to hold a version tag. */
  static CachedArtifact decode(String artifactId, byte[] value) {
    if (value == null || value.length < VERSION_BYTES) {
      return null;
    }
    long version = ByteBuffer.wrap(value, 0, VERSION_BYTES).getLong();
    return new CachedArtifact(
        artifactId, version, Arrays.copyOfRange(value, VERSION_BYTES, value.length));
  }
}
