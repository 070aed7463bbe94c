package dev.recon.prefetch;

import dev.recon.core.codec.ArtifactHeader;
import dev.recon.core.contract.PrefetchedArtifact;
import dev.recon.core.error.ReconException;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.port.ObjectStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the current artifacts of a set of keys (DESIGN §2, prefetcher): index lookup in batches,
 * then Redis when its copy carries exactly the version the index names, else S3 ranged GETs planned
 * by the {@link RangeCoalescingPlanner}; copies read from S3 are written back to the cache.
 *
 * <p>Every copy is checked against the index entry before it is used: its head must name the same
 * artifact and version. A cached copy that fails the check is a miss; bytes read from S3 that fail
 * it mean the index points at the wrong range, which is corruption and stops the batch rather than
 * feeding a neighbour's state into the merge.
 *
 * <p>The cache is an accelerator, never a source of truth: when Redis cannot be reached, reads fall
 * back to S3 and repairs are skipped, both counted ({@code cacheErrors}), instead of failing a
 * batch whose data is all in S3. Index and S3 failures do fail it.
 *
 * <p>I/O runs on the caller's bounded pool: index chunks and GETs in parallel, the caller's thread
 * waits. Not thread-safe; one instance per task.
 */
public final class ArtifactFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(ArtifactFetcher.class);

  /** DynamoDB BatchGetItem takes 100 keys; larger lookups are split and run in parallel. */
  static final int INDEX_CHUNK = 100;

  private final ArtifactIndex index;
  private final ArtifactCache cache;
  private final ObjectStore store;
  private final RangeCoalescingPlanner planner;
  private final ExecutorService pool;
  private final FetchCounters counters = new FetchCounters();

  public ArtifactFetcher(
      ArtifactIndex index,
      ArtifactCache cache,
      ObjectStore store,
      RangeCoalescingPlanner planner,
      ExecutorService pool) {
    this.index = Objects.requireNonNull(index, "index");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.store = Objects.requireNonNull(store, "store");
    this.planner = Objects.requireNonNull(planner, "planner");
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  public FetchCounters counters() {
    return counters;
  }

  /**
   * The current artifact of every key the index knows, sorted by artifactId; unknown keys are new.
   */
  public List<PrefetchedArtifact> fetch(Collection<String> keys) {
    List<String> ids = keys.stream().distinct().toList();
    counters.keys += ids.size();
    Map<String, IndexEntry> entries = lookup(ids);
    counters.found += entries.size();

    Map<String, byte[]> hits = cacheHits(entries);
    List<PrefetchedArtifact> out = new ArrayList<>(entries.size());
    List<IndexEntry> misses = new ArrayList<>();
    for (IndexEntry e : entries.values()) {
      byte[] cached = hits.get(e.artifactId());
      if (cached != null && matches(cached, e)) {
        out.add(
            new PrefetchedArtifact(
                e.artifactId(),
                e.version(),
                e.location(),
                PrefetchedArtifact.Source.CACHE,
                cached));
        counters.cacheHits++;
      } else {
        if (cached != null) {
          counters.cacheRejected++;
        }
        misses.add(e);
      }
    }
    out.addAll(readFromStore(misses));
    out.sort(Comparator.comparing(PrefetchedArtifact::artifactId));
    return out;
  }

  private Map<String, IndexEntry> lookup(List<String> ids) {
    List<Future<Map<String, IndexEntry>>> chunks = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += INDEX_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + INDEX_CHUNK));
      chunks.add(pool.submit(() -> index.getAll(chunk)));
    }
    Map<String, IndexEntry> entries = new HashMap<>();
    for (Future<Map<String, IndexEntry>> f : chunks) {
      entries.putAll(await(f, "index lookup"));
    }
    return entries;
  }

  private Map<String, byte[]> cacheHits(Map<String, IndexEntry> entries) {
    if (entries.isEmpty()) {
      return Map.of();
    }
    Map<String, Long> expected = new HashMap<>();
    entries.forEach((id, e) -> expected.put(id, e.version()));
    try {
      return cache.getIfVersion(expected);
    } catch (StoreUnavailableException e) {
      counters.cacheErrors++;
      LOG.warn(
          "cache unavailable, reading {} artifacts from the object store: {}",
          entries.size(),
          e.toString());
      return Map.of();
    }
  }

  private List<PrefetchedArtifact> readFromStore(List<IndexEntry> misses) {
    if (misses.isEmpty()) {
      return List.of();
    }
    List<RangeRequest> requests = new ArrayList<>(misses.size());
    for (IndexEntry e : misses) {
      requests.add(new RangeRequest(e.partFile(), e.offset(), e.length()));
    }
    List<RangeGet> gets = planner.plan(requests);
    List<Future<byte[]>> futures = new ArrayList<>(gets.size());
    for (RangeGet g : gets) {
      futures.add(pool.submit(() -> store.getRange(g.key(), g.offset(), g.length())));
    }
    List<byte[]> results = new ArrayList<>(gets.size());
    for (int i = 0; i < gets.size(); i++) {
      byte[] bytes = await(futures.get(i), "ranged GET of " + gets.get(i).key());
      results.add(bytes);
      counters.getRequests++;
      counters.bytesRead += bytes.length;
      counters.bytesWasted += gets.get(i).wastedBytes();
    }
    byte[][] assembled = RangeCoalescingPlanner.assemble(requests, gets, results);
    List<PrefetchedArtifact> out = new ArrayList<>(misses.size());
    List<CachedArtifact> repairs = new ArrayList<>(misses.size());
    for (int i = 0; i < misses.size(); i++) {
      IndexEntry e = misses.get(i);
      if (!matches(assembled[i], e)) {
        ArtifactHeader h = ArtifactHeader.read(assembled[i]);
        throw new ReconException(
            "index entry "
                + e
                + " points at "
                + h.artifactId()
                + " v"
                + h.version()
                + ": index and part-file disagree");
      }
      out.add(
          new PrefetchedArtifact(
              e.artifactId(),
              e.version(),
              e.location(),
              PrefetchedArtifact.Source.STORE,
              assembled[i]));
      repairs.add(new CachedArtifact(e.artifactId(), e.version(), assembled[i]));
    }
    counters.storeReads += out.size();
    repair(repairs);
    return out;
  }

  private void repair(List<CachedArtifact> repairs) {
    try {
      counters.cacheRepairs += cache.putAll(repairs);
    } catch (StoreUnavailableException e) {
      counters.cacheErrors++;
      LOG.warn("cache unavailable, {} repairs skipped: {}", repairs.size(), e.toString());
    }
  }

  static boolean matches(byte[] bytes, IndexEntry e) {
    if (bytes.length != e.length()) {
      return false;
    }
    try {
      ArtifactHeader h = ArtifactHeader.read(bytes);
      return h.artifactId().equals(e.artifactId()) && h.version() == e.version();
    } catch (ArtifactHeader.MalformedArtifactException ex) {
      return false;
    }
  }

  private static <T> T await(Future<T> f, String what) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReconException("interrupted during " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new ReconException(what + " failed", cause);
    }
  }

  /** What one task's fetches did; summed into the prefetch manifest. */
  public static final class FetchCounters implements java.io.Serializable {
    public long keys;
    public long found;
    public long cacheHits;
    public long cacheRejected;
    public long cacheErrors;
    public long cacheRepairs;
    public long storeReads;
    public long getRequests;
    public long bytesRead;
    public long bytesWasted;
  }
}
