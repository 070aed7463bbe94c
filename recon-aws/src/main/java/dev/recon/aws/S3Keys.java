package dev.recon.aws;

import dev.recon.core.error.ReconException;

/** Pure key and range arithmetic for {@link S3ObjectStore}, kept apart so unit tests need no S3. */
final class S3Keys {
  private S3Keys() {}

  /** Strips leading and trailing slashes; null becomes the bucket root (""). */
  static String normalizePrefix(String prefix) {
    if (prefix == null) {
      return "";
    }
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  static String toFull(String prefix, String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("object key must not be empty");
    }
    if (key.startsWith("/")) {
      throw new IllegalArgumentException(
          "object keys are relative to the prefix; drop the leading '/': " + key);
    }
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  /** The S3 listing prefix for a relative key prefix ("" lists the whole environment). */
  static String toFullPrefix(String prefix, String keyPrefix) {
    String k = keyPrefix == null ? "" : keyPrefix;
    if (k.startsWith("/")) {
      throw new IllegalArgumentException(
          "list prefixes are relative to the store prefix: " + keyPrefix);
    }
    return prefix.isEmpty() ? k : prefix + "/" + k;
  }

  static String toRelative(String prefix, String fullKey) {
    if (prefix.isEmpty()) {
      return fullKey;
    }
    String p = prefix + "/";
    if (!fullKey.startsWith(p)) {
      throw new IllegalStateException("listed key " + fullKey + " is outside prefix " + p);
    }
    return fullKey.substring(p.length());
  }

  /** {@code bytes=first-last}, both inclusive, as HTTP Range wants. */
  static String rangeHeader(long offset, long length) {
    if (offset < 0 || length <= 0) {
      throw new IllegalArgumentException("bad range " + offset + "+" + length);
    }
    return "bytes=" + offset + "-" + (offset + length - 1);
  }

  /**
   * Fails unless the response covers exactly {@code [offset, offset + length)}: a {@code
   * Content-Range} naming other bytes (object shorter than asked, or a server that ignored the
   * range) or a different {@code Content-Length}.
   */
  static void checkContentRange(
      String key, long offset, long length, String contentRange, Long contentLength) {
    long last = offset + length - 1;
    if (contentLength != null && contentLength != length) {
      throw new ReconException(
          "ranged GET of "
              + key
              + " bytes "
              + offset
              + "-"
              + last
              + " returned "
              + contentLength
              + " bytes (Content-Range: "
              + contentRange
              + "), expected exactly "
              + length);
    }
    if (contentRange != null) {
      String expected = "bytes " + offset + "-" + last + "/";
      if (!contentRange.startsWith(expected)) {
        throw new ReconException(
            "ranged GET of "
                + key
                + " answered Content-Range '"
                + contentRange
                + "', expected '"
                + expected
                + "<size>'");
      }
    }
  }
}
