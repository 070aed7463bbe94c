package dev.recon.core.tenant;

import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One tenant's view of the shared object store: keys in and out are the tenant's own ({@link
 * TenantKeys}), and a listing returns only the tenant's objects. Closing it closes the delegate.
 */
final class TenantObjectStore implements ObjectStore {
  private final ObjectStore delegate;
  private final TenantKeys keys;

  TenantObjectStore(ObjectStore delegate, TenantKeys keys) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public void put(String key, byte[] bytes, Map<String, String> metadata) {
    delegate.put(keys.objectKey(key), bytes, metadata);
  }

  @Override
  public void putMultipart(String key, Path file, long partSizeBytes) {
    delegate.putMultipart(keys.objectKey(key), file, partSizeBytes);
  }

  @Override
  public byte[] get(String key) {
    try {
      return delegate.get(keys.objectKey(key));
    } catch (ObjectNotFoundException e) {
      throw notFound(key);
    }
  }

  @Override
  public InputStream open(String key) {
    try {
      return delegate.open(keys.objectKey(key));
    } catch (ObjectNotFoundException e) {
      throw notFound(key);
    }
  }

  @Override
  public byte[] getRange(String key, long offset, long length) {
    try {
      return delegate.getRange(keys.objectKey(key), offset, length);
    } catch (ObjectNotFoundException e) {
      throw notFound(key);
    }
  }

  /** Names the key the caller asked for, and where it was looked for. */
  private ObjectNotFoundException notFound(String key) {
    return new ObjectNotFoundException(
        key + " (tenant " + keys.tenant() + ": " + keys.objectKey(key) + ")");
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    return delegate.head(keys.objectKey(key)).map(this::own);
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    Optional<String> mapped = keys.objectPrefix(prefix);
    List<ObjectInfo> out = new ArrayList<>();
    for (ObjectInfo o : delegate.list(mapped.orElse(prefix))) {
      Optional<String> own = keys.ownKey(o.key());
      // An unmapped prefix ("", "sta") lists every tenant's keys: keep those of this tenant that
      // still start with the prefix once the tenant segment is taken out.
      if (own.isPresent() && own.get().startsWith(prefix)) {
        out.add(new ObjectInfo(own.get(), o.size(), o.lastModified(), o.metadata()));
      }
    }
    return out;
  }

  @Override
  public void delete(String key) {
    delegate.delete(keys.objectKey(key));
  }

  @Override
  public void close() {
    delegate.close();
  }

  private ObjectInfo own(ObjectInfo o) {
    String own = keys.ownKey(o.key()).orElseThrow();
    return new ObjectInfo(own, o.size(), o.lastModified(), o.metadata());
  }
}
