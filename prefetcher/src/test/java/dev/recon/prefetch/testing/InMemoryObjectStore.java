package dev.recon.prefetch.testing;

import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** A thread-safe in-memory {@link ObjectStore} that counts ranged GETs and PUTs. */
public final class InMemoryObjectStore implements ObjectStore {
  private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
  public final AtomicLong rangeGets = new AtomicLong();
  public final AtomicLong puts = new AtomicLong();

  @Override
  public void put(String key, byte[] bytes, Map<String, String> metadata) {
    puts.incrementAndGet();
    objects.put(key, bytes.clone());
  }

  @Override
  public void putMultipart(String key, Path file, long partSizeBytes) {
    try {
      put(key, Files.readAllBytes(file), Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public byte[] get(String key) {
    byte[] b = objects.get(key);
    if (b == null) {
      throw new ObjectNotFoundException(key);
    }
    return b.clone();
  }

  @Override
  public InputStream open(String key) {
    return new ByteArrayInputStream(get(key));
  }

  @Override
  public byte[] getRange(String key, long offset, long length) {
    rangeGets.incrementAndGet();
    byte[] b = get(key);
    if (offset + length > b.length) {
      throw new IllegalArgumentException("range beyond end of " + key);
    }
    return Arrays.copyOfRange(b, (int) offset, (int) (offset + length));
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    byte[] b = objects.get(key);
    return b == null ? Optional.empty() : Optional.of(new ObjectInfo(key, b.length, Instant.EPOCH, Map.of()));
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    List<ObjectInfo> out = new ArrayList<>();
    objects.tailMap(prefix).forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.add(new ObjectInfo(k, v.length, Instant.EPOCH, Map.of()));
      }
    });
    return out;
  }

  @Override
  public void delete(String key) {
    objects.remove(key);
  }

  public java.util.Set<String> keys() {
    return objects.keySet();
  }

  @Override
  public void close() {}
}
