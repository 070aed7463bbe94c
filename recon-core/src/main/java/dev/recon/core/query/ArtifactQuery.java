package dev.recon.core.query;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.error.InvalidIdException;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.rules.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The accountant's lookup, shared by the command line, the local HTTP server and the query Lambda:
 * validate the id, read the index entry, use the cached copy only when its version equals the
 * entry's, else one ranged GET of exactly (offset, length), and repair the cache.
 *
 * <p>The cache is optional: when Redis is unreachable the lookup goes on from S3 (correct, only
 * slower) — a decision taken here, explicitly, not a default returned by the cache client.
 */
public final class ArtifactQuery {
  private final ArtifactIndex index;
  private final ObjectStore store;
  private final ArtifactCache cache;
  private final int maxIdLength;

  public ArtifactQuery(
      ArtifactIndex index, ObjectStore store, ArtifactCache cache, int maxIdLength) {
    this.index = index;
    this.store = store;
    this.cache = cache;
    this.maxIdLength = maxIdLength;
  }

  /**
   * One lookup's result: the artifact's canonical bytes, its index entry, and where it came from.
   */
  public record Lookup(byte[] bytes, IndexEntry entry, boolean cacheHit) {
    public ReconciliationArtifact artifact() {
      return CanonicalJson.decodeArtifact(bytes);
    }
  }

  /** Throws {@link InvalidIdException} for a malformed id without touching any store. */
  public static void validate(String artifactId, int maxIdLength) {
    Optional<String> problem = Ids.problem(artifactId, maxIdLength);
    if (problem.isPresent()) {
      throw new InvalidIdException("malformed artifact id: " + problem.get());
    }
  }

  /** Empty when the id is unknown. */
  public Optional<Lookup> lookup(String artifactId) {
    validate(artifactId, maxIdLength);
    Optional<IndexEntry> found = index.get(artifactId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    IndexEntry entry = found.get();
    if (cache != null) {
      try {
        Optional<byte[]> cached = cache.get(artifactId, entry.version());
        if (cached.isPresent()) {
          return Optional.of(new Lookup(cached.get(), entry, true));
        }
      } catch (StoreUnavailableException e) {
        return Optional.of(new Lookup(read(entry.location()), entry, false));
      }
    }
    byte[] bytes = read(entry.location());
    if (cache != null) {
      try {
        cache.putAll(List.of(new CachedArtifact(artifactId, entry.version(), bytes)));
      } catch (StoreUnavailableException e) {
        // the answer is right without the cache; the next indexer run repairs it
      }
    }
    return Optional.of(new Lookup(bytes, entry, false));
  }

  public Optional<ReconciliationArtifact> get(String artifactId) {
    return lookup(artifactId).map(Lookup::artifact);
  }

  /**
   * The artifact and up to {@code max - 1} earlier versions, newest first: a walk of ranged GETs
   * along each version's {@code previous} location.
   */
  public List<ReconciliationArtifact> history(String artifactId, int max) {
    List<ReconciliationArtifact> out = new ArrayList<>();
    Optional<ReconciliationArtifact> current = get(artifactId);
    if (current.isEmpty()) {
      return out;
    }
    ReconciliationArtifact a = current.get();
    out.add(a);
    while (a.previous() != null && out.size() < max) {
      a = CanonicalJson.decodeArtifact(read(a.previous()));
      out.add(a);
    }
    return out;
  }

  /**
   * The version of {@code current} that was current at event-time cut-off {@code at}: the newest
   * whose {@code asOf} is at or before it, found by walking {@code previous} with ranged GETs (as
   * {@link #history} does). Empty when the artifact did not exist yet at {@code at}.
   */
  public Optional<ReconciliationArtifact> versionAt(
      ReconciliationArtifact current, java.time.Instant at) {
    ReconciliationArtifact a = current;
    while (a.asOf().isAfter(at)) {
      if (a.previous() == null) {
        return Optional.empty();
      }
      a = CanonicalJson.decodeArtifact(read(a.previous()));
    }
    return Optional.of(a);
  }

  private byte[] read(ArtifactLocation location) {
    return store.getRange(location.partFile(), location.offset(), location.length());
  }
}
