package dev.recon.core.testing;

import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link ObjectStore} that forwards every call; tests override the calls they want to break. */
public class ForwardingObjectStore implements ObjectStore {
  private final ObjectStore delegate;

  public ForwardingObjectStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void put(String key, byte[] bytes, Map<String, String> metadata) {
    delegate.put(key, bytes, metadata);
  }

  @Override
  public void putMultipart(String key, Path file, long partSizeBytes) {
    delegate.putMultipart(key, file, partSizeBytes);
  }

  @Override
  public byte[] get(String key) {
    return delegate.get(key);
  }

  @Override
  public InputStream open(String key) {
    return delegate.open(key);
  }

  @Override
  public byte[] getRange(String key, long offset, long length) {
    return delegate.getRange(key, offset, length);
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    return delegate.head(key);
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
