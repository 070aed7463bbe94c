package dev.recon.core.port;

import dev.recon.core.error.ObjectNotFoundException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An object store bound to one bucket and one environment prefix; every key here is relative to
 * that prefix (for example {@code state/7/part-00000.jsonl}).
 */
public interface ObjectStore extends AutoCloseable {

  /** Writes a small object in one request. */
  default void put(String key, byte[] bytes) {
    put(key, bytes, Map.of());
  }

  /** Writes a small object in one request with user metadata (for example an input window). */
  void put(String key, byte[] bytes, Map<String, String> metadata);

  /**
   * Writes a file as a multipart upload in parts of {@code partSizeBytes} (at least 5 MiB except
   * the last). The object becomes visible only when every part is in; a failed upload is aborted.
   */
  void putMultipart(String key, Path file, long partSizeBytes);

  /** The whole object. */
  byte[] get(String key) throws ObjectNotFoundException;

  /** A stream over the whole object; the caller closes it. */
  InputStream open(String key) throws ObjectNotFoundException;

  /**
   * Exactly {@code length} bytes starting at {@code offset}. Fails rather than returning fewer
   * bytes than asked for.
   */
  byte[] getRange(String key, long offset, long length) throws ObjectNotFoundException;

  Optional<ObjectInfo> head(String key);

  /** Every object under the prefix, in key order (all pages). */
  List<ObjectInfo> list(String prefix);

  void delete(String key);

  @Override
  void close();
}
