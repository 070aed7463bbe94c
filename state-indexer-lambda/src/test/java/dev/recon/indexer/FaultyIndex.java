package dev.recon.indexer;

import dev.recon.core.model.IndexEntry;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.IndexPutOutcome;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An index that lets {@code allowedWrites} writes through, then fails every later one: with a
 * {@link Killed} error (the process dies; nothing is reported) or a runtime exception (an outage
 * the worker reports).
 */
final class FaultyIndex implements ArtifactIndex {
  private final ArtifactIndex delegate;
  private final long allowedWrites;
  private final boolean kill;
  final AtomicLong writes = new AtomicLong();

  FaultyIndex(ArtifactIndex delegate, long allowedWrites, boolean kill) {
    this.delegate = delegate;
    this.allowedWrites = allowedWrites;
    this.kill = kill;
  }

  /** Stands for the worker's process being killed mid-run. */
  static final class Killed extends Error {
    Killed() {
      super("worker killed (test)");
    }
  }

  @Override
  public Optional<IndexEntry> get(String artifactId) {
    return delegate.get(artifactId);
  }

  @Override
  public Map<String, IndexEntry> getAll(Collection<String> artifactIds) {
    return delegate.getAll(artifactIds);
  }

  @Override
  public IndexPutOutcome putIfNewer(IndexEntry entry) {
    if (writes.incrementAndGet() > allowedWrites) {
      if (kill) {
        throw new Killed();
      }
      throw new dev.recon.core.error.StoreUnavailableException("index down (test)", null);
    }
    return delegate.putIfNewer(entry);
  }

  @Override
  public void close() {}
}
