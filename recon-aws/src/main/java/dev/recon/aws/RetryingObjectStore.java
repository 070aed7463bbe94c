package dev.recon.aws;

import dev.recon.core.error.ReconException;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Retries object-store calls that failed with an {@link UncheckedIOException}, a bounded number of
 * times.
 *
 * <p>Why: the SDK's url-connection HTTP client reports some connection failures (typically a
 * keep-alive connection the server already closed: "Unexpected end of file from server") as an
 * {@code UncheckedIOException} that the SDK's retry stage never sees, so they surface on the first
 * attempt (aws/aws-sdk-java-v2#7347, fixed upstream after the SDK version recon pins). In a Spark
 * task that fails the whole batch in local mode, where tasks are not retried. Every {@link
 * ObjectStore} call is idempotent (whole-object PUTs, reads, listings), so repeating one is safe.
 * Typed failures ({@code ObjectNotFoundException}, {@code StoreUnavailableException}) are not
 * retried here: the SDK already did. Streams returned by {@link #open} are not protected beyond
 * opening them.
 */
public final class RetryingObjectStore implements ObjectStore {
  public static final int MAX_ATTEMPTS_DEFAULT = 3;

  private final ObjectStore delegate;
  private final int maxAttempts;

  public RetryingObjectStore(ObjectStore delegate, int maxAttempts) {
    this.delegate = delegate;
    this.maxAttempts = maxAttempts;
  }

  public RetryingObjectStore(ObjectStore delegate) {
    this(delegate, MAX_ATTEMPTS_DEFAULT);
  }

  private <T> T retry(String what, Supplier<T> call) {
    UncheckedIOException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        return call.get();
      } catch (UncheckedIOException e) {
        last = e;
        if (attempt < maxAttempts) {
          pause(attempt);
        }
      }
    }
    throw new ReconException(what + " failed after " + maxAttempts + " attempts", last);
  }

  private void run(String what, Runnable call) {
    retry(
        what,
        () -> {
          call.run();
          return null;
        });
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(50L << attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReconException("interrupted while retrying", e);
    }
  }

  @Override
  public void put(String key, byte[] bytes, Map<String, String> metadata) {
    run("PUT " + key, () -> delegate.put(key, bytes, metadata));
  }

  @Override
  public void putMultipart(String key, Path file, long partSizeBytes) {
    run("multipart PUT " + key, () -> delegate.putMultipart(key, file, partSizeBytes));
  }

  @Override
  public byte[] get(String key) {
    return retry("GET " + key, () -> delegate.get(key));
  }

  @Override
  public InputStream open(String key) {
    return retry("GET " + key, () -> delegate.open(key));
  }

  @Override
  public byte[] getRange(String key, long offset, long length) {
    return retry("ranged GET " + key, () -> delegate.getRange(key, offset, length));
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    return retry("HEAD " + key, () -> delegate.head(key));
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    return retry("LIST " + prefix, () -> delegate.list(prefix));
  }

  @Override
  public void delete(String key) {
    run("DELETE " + key, () -> delegate.delete(key));
  }

  @Override
  public void close() {
    delegate.close();
  }
}
