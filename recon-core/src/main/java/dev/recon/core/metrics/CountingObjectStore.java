package dev.recon.core.metrics;

import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts the S3 requests and bytes of every call on the way to the real store (see {@link IoMetric}
 * for what a request is). A request is counted when it is made, whether it succeeds or not: a
 * failed GET is billed too. Bytes are counted as they arrive, so a stream closed early counts what
 * was read. {@link #close()} does not close the delegate: decorators wrap shared, per-JVM stores.
 *
 * <p>A listing is counted as one request per 1,000 keys (S3's page size), at least one.
 */
public final class CountingObjectStore implements ObjectStore {
  /** Keys per ListObjectsV2 page. */
  static final int LIST_PAGE = 1000;

  private final ObjectStore delegate;
  private final IoCounter counter;

  public CountingObjectStore(ObjectStore delegate, IoCounter counter) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.counter = Objects.requireNonNull(counter, "counter");
  }

  @Override
  public void put(String key, byte[] bytes, Map<String, String> metadata) {
    counter.increment(IoMetric.S3_PUT_REQUESTS);
    delegate.put(key, bytes, metadata);
    counter.add(IoMetric.S3_BYTES_WRITTEN, bytes.length);
  }

  @Override
  public void putMultipart(String key, Path file, long partSizeBytes) {
    long size = size(file);
    long parts = Math.max(1, (size + partSizeBytes - 1) / partSizeBytes);
    counter.add(IoMetric.S3_PUT_REQUESTS, parts + 2); // create, the parts, complete
    delegate.putMultipart(key, file, partSizeBytes);
    counter.add(IoMetric.S3_BYTES_WRITTEN, size);
  }

  @Override
  public byte[] get(String key) {
    counter.increment(IoMetric.S3_GET_REQUESTS);
    byte[] bytes = delegate.get(key);
    counter.add(IoMetric.S3_BYTES_READ, bytes.length);
    return bytes;
  }

  @Override
  public InputStream open(String key) {
    counter.increment(IoMetric.S3_GET_REQUESTS);
    return new CountingStream(delegate.open(key), counter);
  }

  @Override
  public byte[] getRange(String key, long offset, long length) {
    counter.increment(IoMetric.S3_GET_REQUESTS);
    byte[] bytes = delegate.getRange(key, offset, length);
    counter.add(IoMetric.S3_BYTES_READ, bytes.length);
    return bytes;
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    counter.increment(IoMetric.S3_HEAD_REQUESTS);
    return delegate.head(key);
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    List<ObjectInfo> all = delegate.list(prefix);
    counter.add(IoMetric.S3_LIST_REQUESTS, Math.max(1, (all.size() + LIST_PAGE - 1) / LIST_PAGE));
    return all;
  }

  @Override
  public void delete(String key) {
    counter.increment(IoMetric.S3_DELETE_REQUESTS);
    delegate.delete(key);
  }

  /** Leaves the delegate open: it is shared (one client per JVM). */
  @Override
  public void close() {}

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("size of " + file, e);
    }
  }

  private static final class CountingStream extends FilterInputStream {
    private final IoCounter counter;

    CountingStream(InputStream in, IoCounter counter) {
      super(in);
      this.counter = counter;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counter.add(IoMetric.S3_BYTES_READ, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        counter.add(IoMetric.S3_BYTES_READ, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return super.skip(n); // skipped bytes may not be transferred; not counted as read
    }
  }
}
