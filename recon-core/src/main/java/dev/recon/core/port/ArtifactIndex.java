package dev.recon.core.port;

import dev.recon.core.model.IndexEntry;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Artifact id to the part-file range holding its newest version. */
public interface ArtifactIndex extends AutoCloseable {

  Optional<IndexEntry> get(String artifactId);

  /** Batch lookup; ids with no entry are absent from the result. */
  Map<String, IndexEntry> getAll(Collection<String> artifactIds);

  /**
   * Writes the entry only if none is stored or the stored one has a lower version. Writing the same
   * entry twice is therefore harmless: the second write answers {@link IndexPutOutcome#NOT_NEWER}.
   */
  IndexPutOutcome putIfNewer(IndexEntry entry);

  /**
   * Hands every entry to {@code sink}, in no particular order: a full scan, for exports and
   * reports, never on the hot path. Test doubles that need no scan may leave it unsupported.
   */
  default void scan(java.util.function.Consumer<IndexEntry> sink) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot scan");
  }

  @Override
  void close();
}
