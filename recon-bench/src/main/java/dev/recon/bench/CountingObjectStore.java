package dev.recon.bench;

import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Counts PUT and GET requests on the way to a real store. A multipart upload counts as one PUT. */
public final class CountingObjectStore implements ObjectStore {
  private final ObjectStore delegate;
  private final AtomicLong puts = new AtomicLong();
  private final AtomicLong gets = new AtomicLong();

  public CountingObjectStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  public long puts() {
    return puts.get();
  }

  public long gets() {
    return gets.get();
  }

  @Override
  public void put(String key, byte[] bytes, Map<String, String> metadata) {
    puts.incrementAndGet();
    delegate.put(key, bytes, metadata);
  }

  @Override
  public void putMultipart(String key, Path file, long partSizeBytes) {
    puts.incrementAndGet();
    delegate.putMultipart(key, file, partSizeBytes);
  }

  @Override
  public byte[] get(String key) {
    gets.incrementAndGet();
    return delegate.get(key);
  }

  @Override
  public InputStream open(String key) {
    gets.incrementAndGet();
    return delegate.open(key);
  }

  @Override
  public byte[] getRange(String key, long offset, long length) {
    gets.incrementAndGet();
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
