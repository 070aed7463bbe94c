package dev.recon.core.metrics;

import dev.recon.core.model.IndexEntry;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.IndexPutOutcome;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Counts DynamoDB items read and written on the way to the real index: a lookup of n keys is n
 * reads (found or not), a conditional put is one write whatever its outcome (a refused condition
 * still consumes a write unit). A scan counts the entries it returns. {@link #close()} leaves the
 * delegate open.
 */
public final class CountingArtifactIndex implements ArtifactIndex {
  private final ArtifactIndex delegate;
  private final IoCounter counter;

  public CountingArtifactIndex(ArtifactIndex delegate, IoCounter counter) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.counter = Objects.requireNonNull(counter, "counter");
  }

  @Override
  public Optional<IndexEntry> get(String artifactId) {
    counter.increment(IoMetric.DYNAMODB_READS);
    return delegate.get(artifactId);
  }

  @Override
  public Map<String, IndexEntry> getAll(Collection<String> artifactIds) {
    counter.add(IoMetric.DYNAMODB_READS, artifactIds.size());
    return delegate.getAll(artifactIds);
  }

  @Override
  public IndexPutOutcome putIfNewer(IndexEntry entry) {
    counter.increment(IoMetric.DYNAMODB_WRITES);
    return delegate.putIfNewer(entry);
  }

  @Override
  public void scan(Consumer<IndexEntry> sink) {
    delegate.scan(
        e -> {
          counter.increment(IoMetric.DYNAMODB_READS);
          sink.accept(e);
        });
  }

  @Override
  public void close() {}
}
