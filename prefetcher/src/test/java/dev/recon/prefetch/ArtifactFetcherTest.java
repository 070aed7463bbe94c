package dev.recon.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.contract.PrefetchedArtifact;
import dev.recon.core.error.ReconException;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.testing.InMemoryArtifactCache;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.core.testing.TestArtifacts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArtifactFetcherTest {
  private final StatelessBatches gen = new StatelessBatches(7);
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryArtifactIndex index = new InMemoryArtifactIndex();
  private final InMemoryArtifactCache cache = new InMemoryArtifactCache();
  private ExecutorService pool;
  private List<ReconciliationArtifact> artifacts;
  private List<IndexEntry> entries;

  @BeforeEach
  void setUp() {
    pool = Executors.newFixedThreadPool(4);
    artifacts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      artifacts.add(TestArtifacts.artifact(gen, String.format("key-%03d", i), 4, 1 + i % 4));
    }
    entries = TestArtifacts.writePart(store, 4, 0, artifacts);
    entries.forEach(index::putIfNewer);
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  private ArtifactFetcher fetcher(long gap, long cap) {
    return new ArtifactFetcher(index, cache, store, new RangeCoalescingPlanner(gap, cap), pool);
  }

  @Test
  void fetch_shouldUseTheCachedCopy_whenItsVersionEqualsTheIndexEntry() {
    // GIVEN key-001 cached at the indexed version
    byte[] bytes = CanonicalJson.encode(artifacts.get(1));
    cache.putAll(List.of(new CachedArtifact("key-001", 4, bytes)));
    ArtifactFetcher fetcher = fetcher(0, 1 << 20);

    // WHEN
    List<PrefetchedArtifact> out = fetcher.fetch(List.of("key-001"));

    // THEN no GET was needed
    assertThat(out)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.source()).isEqualTo(PrefetchedArtifact.Source.CACHE);
              assertThat(p.artifact()).isEqualTo(bytes);
              assertThat(p.location()).isEqualTo(entries.get(1).location());
            });
    assertThat(store.rangeGets.get()).isZero();
  }

  @Test
  void fetch_shouldNeverUseAStaleCachedCopy_whenItsVersionIsOlderThanTheIndexEntry() {
    // GIVEN a cached copy of key-002 at version 3 with different content (an older state)
    ReconciliationArtifact older = TestArtifacts.artifact(gen, "key-002", 3, 7);
    cache.putAll(List.of(new CachedArtifact("key-002", 3, CanonicalJson.encode(older))));
    ArtifactFetcher fetcher = fetcher(0, 1 << 20);

    // WHEN
    List<PrefetchedArtifact> out = fetcher.fetch(List.of("key-002"));

    // THEN the S3 copy at version 4 is used, and the cache is repaired to it
    byte[] current = CanonicalJson.encode(artifacts.get(2));
    assertThat(out)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.source()).isEqualTo(PrefetchedArtifact.Source.STORE);
              assertThat(p.artifact()).isEqualTo(current);
            });
    assertThat(cache.snapshot().get("key-002").version()).isEqualTo(4);
    assertThat(cache.snapshot().get("key-002").bytes()).isEqualTo(current);
    assertThat(fetcher.counters().cacheRepairs).isEqualTo(1);
  }

  @Test
  void fetch_shouldRejectACachedCopy_whenItsBytesNameAnotherArtifact() {
    // GIVEN key-003's cache slot holds key-004's bytes tagged with the right version
    cache.putAll(List.of(new CachedArtifact("key-003", 4, CanonicalJson.encode(artifacts.get(4)))));
    ArtifactFetcher fetcher = fetcher(0, 1 << 20);

    // WHEN
    List<PrefetchedArtifact> out = fetcher.fetch(List.of("key-003"));

    // THEN
    assertThat(out.get(0).source()).isEqualTo(PrefetchedArtifact.Source.STORE);
    assertThat(out.get(0).artifact()).isEqualTo(CanonicalJson.encode(artifacts.get(3)));
    assertThat(fetcher.counters().cacheRejected).isEqualTo(1);
  }

  @Test
  void fetch_shouldCoalesceNearbyRanges_whenManyKeysMissTheCache() {
    // GIVEN 50 artifacts in one part-file, none cached, and a gap limit wider than any gap
    ArtifactFetcher fetcher = fetcher(64 * 1024, 1 << 20);
    List<String> keys = artifacts.stream().map(ReconciliationArtifact::artifactId).toList();

    // WHEN
    List<PrefetchedArtifact> out = fetcher.fetch(keys);

    // THEN one GET fetched them all, each exactly
    assertThat(store.rangeGets.get()).isEqualTo(1);
    assertThat(out).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(out.get(i).artifact()).isEqualTo(CanonicalJson.encode(artifacts.get(i)));
    }
  }

  @Test
  void fetch_shouldIssueOneGetPerArtifact_whenCoalescingIsOff() {
    // GIVEN the smallest possible cap: no two artifacts fit into one GET
    ArtifactFetcher fetcher = fetcher(0, 1);
    List<String> keys = List.of("key-010", "key-011");

    // WHEN
    List<PrefetchedArtifact> out = fetcher.fetch(keys);

    // THEN each artifact is reassembled from 1-byte GETs
    long expectedGets = entries.get(10).length() + entries.get(11).length();
    assertThat(store.rangeGets.get()).isEqualTo(expectedGets);
    assertThat(out.get(1).artifact()).isEqualTo(CanonicalJson.encode(artifacts.get(11)));
  }

  @Test
  void fetch_shouldLeaveNewKeysOut_whenTheIndexDoesNotKnowThem() {
    // GIVEN / WHEN
    List<PrefetchedArtifact> out = fetcher(0, 1 << 20).fetch(List.of("key-000", "brand-new"));

    // THEN
    assertThat(out).extracting(PrefetchedArtifact::artifactId).containsExactly("key-000");
  }

  @Test
  void fetch_shouldFail_whenTheIndexPointsAtAnotherArtifact() {
    // GIVEN key-005's entry points at key-006's bytes (same length by construction)
    IndexEntry wrong = entries.get(6);
    InMemoryArtifactIndex corrupt = new InMemoryArtifactIndex();
    corrupt.putIfNewer(
        new IndexEntry("key-005", wrong.partFile(), wrong.offset(), wrong.length(), 4));
    ArtifactFetcher fetcher =
        new ArtifactFetcher(corrupt, cache, store, RangeCoalescingPlanner.defaults(), pool);

    // WHEN / THEN
    assertThatThrownBy(() -> fetcher.fetch(List.of("key-005")))
        .isInstanceOf(ReconException.class)
        .hasMessageContaining("index and part-file disagree");
  }

  @Test
  void fetch_shouldReadFromTheStore_whenTheCacheIsUnavailable() {
    // GIVEN
    cache.down = true;
    ArtifactFetcher fetcher = fetcher(0, 1 << 20);

    // WHEN
    List<PrefetchedArtifact> out = fetcher.fetch(List.of("key-007"));

    // THEN
    assertThat(out.get(0).artifact()).isEqualTo(CanonicalJson.encode(artifacts.get(7)));
    assertThat(fetcher.counters().cacheErrors).isEqualTo(2); // the read and the repair
  }
}
