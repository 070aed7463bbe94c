package dev.recon.core.testing;

import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.error.ReconException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe in-memory ObjectStore that behaves like {@code S3ObjectStore} (the contract suite
 * {@link ObjectStoreContract} runs against both): user-metadata keys are lower-cased, listings
 * carry no metadata, a range past the end fails with a {@link ReconException}. It counts requests:
 * {@link #gets} every read (whole, streamed or ranged), {@link #rangeGets} ranged reads only.
 */
public final class InMemoryObjectStore implements ObjectStore {
  private record Obj(byte[] bytes, Map<String, String> metadata, Instant modified) {}

  private final ConcurrentSkipListMap<String, Obj> objects = new ConcurrentSkipListMap<>();
  public final AtomicLong puts = new AtomicLong();
  public final AtomicLong gets = new AtomicLong();
  public final AtomicLong rangeGets = new AtomicLong();

  @Override
  public void put(String key, byte[] bytes, Map<String, String> metadata) {
    puts.incrementAndGet();
    Map<String, String> lowerCased = new LinkedHashMap<>();
    metadata.forEach((k, v) -> lowerCased.put(k.toLowerCase(Locale.ROOT), v));
    objects.put(key, new Obj(bytes.clone(), Map.copyOf(lowerCased), Instant.now()));
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
    gets.incrementAndGet();
    Obj o = objects.get(key);
    if (o == null) {
      throw new ObjectNotFoundException(key);
    }
    return o.bytes.clone();
  }

  @Override
  public InputStream open(String key) {
    return new ByteArrayInputStream(get(key));
  }

  @Override
  public byte[] getRange(String key, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("bad range " + offset + "+" + length + " of " + key);
    }
    if (length == 0) {
      return new byte[0]; // like S3ObjectStore: no request at all
    }
    rangeGets.incrementAndGet();
    byte[] all = get(key);
    if (offset + length > all.length) {
      throw new ReconException("range " + offset + "+" + length + " lies beyond the end of " + key);
    }
    return Arrays.copyOfRange(all, (int) offset, (int) (offset + length));
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    Obj o = objects.get(key);
    return o == null
        ? Optional.empty()
        : Optional.of(new ObjectInfo(key, o.bytes.length, o.modified, o.metadata));
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    List<ObjectInfo> out = new ArrayList<>();
    objects
        .tailMap(prefix)
        .forEach(
            (k, o) -> {
              if (k.startsWith(prefix)) {
                out.add(new ObjectInfo(k, o.bytes.length, o.modified, Map.of()));
              }
            });
    return out;
  }

  @Override
  public void delete(String key) {
    objects.remove(key);
  }

  /** The stored keys, in order (a live view). */
  public Set<String> keys() {
    return objects.keySet();
  }

  @Override
  public void close() {}
}
