package dev.recon.core.query;

import dev.recon.core.codec.ArtifactHeader;
import dev.recon.core.codec.ArtifactSlice;
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
import java.io.InputStream;
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

  /** The object store this lookup reads (a tenant's view, when it serves a tenant). */
  public ObjectStore objectStore() {
    return store;
  }

  /** The index entry of an id (its newest version's location), without reading the artifact. */
  public Optional<IndexEntry> entry(String artifactId) {
    validate(artifactId, maxIdLength);
    return index.get(artifactId);
  }

  /**
   * The header and {@code take} lines after the first {@code skip} of the artifact at {@code
   * location}, streamed with ranged GETs that stop once the page is read (the first one {@value
   * #FIRST_CHUNK} bytes, each next twice as long up to {@value #MAX_CHUNK}): the first page of a
   * million-line artifact costs a few kilobytes, never the whole artifact. The cache is not used
   * (it holds whole artifacts).
   */
  public ArtifactSlice slice(ArtifactLocation location, long skip, int take) {
    try (InputStream in = new RangedStream(store, location)) {
      return CanonicalJson.readPage(in, skip, take);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The {@code previous} location of the artifact at {@code location}, read from its last bytes
   * (one ranged GET of at most {@value #TAIL_BYTES}, more only for an extraordinarily long key).
   */
  public Optional<ArtifactLocation> previousOf(ArtifactLocation location) {
    long want = TAIL_BYTES;
    while (true) {
      long n = Math.min(want, location.length());
      byte[] tail =
          store.getRange(location.partFile(), location.offset() + location.length() - n, n);
      try {
        return CanonicalJson.previousOfTail(tail);
      } catch (CanonicalJson.TailTooShortException e) {
        if (n == location.length()) {
          throw new ArtifactHeader.MalformedArtifactException(
              "no previous field nor end of lines in " + location);
        }
        want *= 8;
      }
    }
  }

  /** One version in a history walk: its header (no lines) and where it is stored. */
  public record Version(ArtifactLocation location, ArtifactSlice head) {}

  /**
   * The artifact at {@code location} and up to {@code max - 1} earlier versions, newest first, as
   * headers only: two small ranged GETs per version (head and tail), whatever its size.
   */
  public List<Version> versions(ArtifactLocation location, int max) {
    List<Version> out = new ArrayList<>();
    Optional<ArtifactLocation> at = Optional.of(location);
    while (at.isPresent() && out.size() < max) {
      out.add(new Version(at.get(), slice(at.get(), 0, 0)));
      at = out.size() < max ? previousOf(at.get()) : Optional.empty();
    }
    return out;
  }

  /**
   * The version current at event-time cut-off {@code at}, starting from the one at {@code
   * location}: the newest whose {@code asOf} is at or before {@code at}, found by walking {@code
   * previous} (headers and tails only, never recomputing). Empty when the artifact did not exist
   * yet at {@code at}.
   */
  public Optional<Version> versionAt(ArtifactLocation location, java.time.Instant at) {
    ArtifactLocation l = location;
    while (true) {
      ArtifactSlice head = slice(l, 0, 0);
      if (!head.asOf().isAfter(at)) {
        return Optional.of(new Version(l, head));
      }
      Optional<ArtifactLocation> before = previousOf(l);
      if (before.isEmpty()) {
        return Optional.empty();
      }
      l = before.get();
    }
  }

  /** The exact stored bytes of the version at {@code location}. */
  public byte[] bytesAt(ArtifactLocation location) {
    return read(location);
  }

  static final int FIRST_CHUNK = 16 * 1024;
  static final int MAX_CHUNK = 1024 * 1024;
  static final int TAIL_BYTES = 4096;

  /** The bytes of one location, fetched in growing ranged GETs as they are read. */
  private static final class RangedStream extends InputStream {
    private final ObjectStore store;
    private final ArtifactLocation location;
    private long fetched;
    private int chunk = FIRST_CHUNK;
    private byte[] buffer = new byte[0];
    private int pos;

    RangedStream(ObjectStore store, ArtifactLocation location) {
      this.store = store;
      this.location = location;
    }

    private boolean fill() {
      if (pos < buffer.length) {
        return true;
      }
      long left = location.length() - fetched;
      if (left <= 0) {
        return false;
      }
      int n = (int) Math.min(chunk, left);
      buffer = store.getRange(location.partFile(), location.offset() + fetched, n);
      fetched += n;
      pos = 0;
      chunk = Math.min(chunk * 2, MAX_CHUNK);
      return true;
    }

    @Override
    public int read() {
      return fill() ? buffer[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, buffer.length - pos);
      System.arraycopy(buffer, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  private byte[] read(ArtifactLocation location) {
    return store.getRange(location.partFile(), location.offset(), location.length());
  }
}
