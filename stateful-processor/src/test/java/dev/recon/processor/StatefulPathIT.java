package dev.recon.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.contract.PrefetchManifest;
import dev.recon.core.contract.StateManifest;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.Event;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.indexer.CoordinatorResponse;
import dev.recon.local.junit.EmbeddedStackExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stateful path end to end on the embedded stack (s3proxy, DynamoDB Local, Redis) and the
 * shared local Spark session: prefetcher, processor and indexer coordinator with in-process
 * workers, driven like the state machine drives them.
 */
class StatefulPathIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  /**
   * Stateless batches 1..3 with overlapping keys, cross-batch duplicates, conflicts and a hot key.
   */
  private static List<List<Event>> threeBatches(StatelessBatches gen) {
    List<Event> b1 = new ArrayList<>(gen.events(600, 0, 200));
    List<Event> b2 = new ArrayList<>(gen.events(600, 100, 200));
    for (int i = 0; i < 20; i++) {
      b2.add(b1.get(i)); // identical re-sends: duplicates
    }
    for (int i = 20; i < 23; i++) {
      b2.add(StatelessBatches.conflicting(b1.get(i))); // same eventId, other amount: quarantined
    }
    List<Event> b3 = new ArrayList<>(gen.events(600, 150, 200));
    for (int i = 0; i < 400; i++) {
      b3.add(gen.event("key-00160")); // a hot key: many events, several chunks
    }
    return List.of(b1, b2, b3);
  }

  private static void assertMatchesOracle(StatefulPathDriver d, List<List<Event>> batchesInOrder) {
    Map<String, Map<String, BigDecimal>> expected =
        StatelessBatches.expectedBalances(batchesInOrder);
    Map<String, IndexEntry> entries = d.entries(expected.keySet());
    assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<String, Map<String, BigDecimal>> e : expected.entrySet()) {
      IndexEntry entry = entries.get(e.getKey());
      ReconciliationArtifact a = d.read(entry);
      // The ranged GET of (offset, length) is exactly the artifact the entry names.
      assertThat(a.artifactId()).isEqualTo(e.getKey());
      assertThat(a.version()).isEqualTo(entry.version());
      assertThat(a.balances().keySet()).isEqualTo(e.getValue().keySet());
      e.getValue()
          .forEach(
              (currency, amount) ->
                  assertThat(a.balances().get(currency))
                      .as("%s %s", e.getKey(), currency)
                      .isEqualByComparingTo(amount));
    }
  }

  @Test
  void threeBatches_shouldMatchAnIndependentSum_whenRunOneAfterAnother() {
    // GIVEN three stateless batches, stateful batch N covering stateless N, and a hot key heavy
    // enough for its own task
    StatefulPathDriver d = new StatefulPathDriver(STACK.settings(), "three");
    d.heavyKeyBytes = 16 * 1024;
    List<List<Event>> batches = threeBatches(new StatelessBatches(101));
    for (int n = 1; n <= 3; n++) {
      d.stateless(batches.get(n - 1), 50);
      d.plan(n, n, n);
    }

    // WHEN each batch is prefetched, processed and indexed in turn
    for (int n = 1; n <= 3; n++) {
      d.runBatch(n);
    }

    // THEN every balance equals the plain sum of accepted events, and every entry's range is its
    // artifact
    assertMatchesOracle(d, batches);
    StateManifest m2 = StateManifest.read(d.store, 2).orElseThrow();
    assertThat(m2.count("duplicates")).isEqualTo(20);
    assertThat(m2.count("quarantined")).isEqualTo(3);
    assertThat(m2.count("events"))
        .isEqualTo(m2.count("applied") + m2.count("duplicates") + m2.count("quarantined"));
    assertThat(m2.quarantine()).isNotEmpty();
    assertThat(m2.quarantine().get(0).key()).startsWith("quarantine/state-0000000002/");
    StateManifest m3 = StateManifest.read(d.store, 3).orElseThrow();
    assertThat(m3.heavyKeys()).containsExactly("key-00160");
    assertThat(m3.files()).extracting(f -> f.key()).contains(Layout.statePart(3, 3));
    // The cache holds exactly the indexed versions.
    Map<String, IndexEntry> entries =
        d.entries(StatelessBatches.expectedBalances(batches).keySet());
    Map<String, CachedArtifact> cached = d.cache.getAll(entries.keySet());
    assertThat(cached).isNotEmpty();
    cached.forEach(
        (id, c) -> {
          assertThat(c.version()).isEqualTo(entries.get(id).version());
          assertThat(c.bytes())
              .isEqualTo(
                  d.store.getRange(
                      entries.get(id).partFile(),
                      entries.get(id).offset(),
                      entries.get(id).length()));
        });
    // History: key-00160 (in all three batches) walks back 3 -> 2 -> 1 with ranged GETs.
    ReconciliationArtifact v3 = d.read(entries.get("key-00160"));
    ReconciliationArtifact v2 = CanonicalJson.decodeArtifact(get(d, v3.previous()));
    ReconciliationArtifact v1 = CanonicalJson.decodeArtifact(get(d, v2.previous()));
    assertThat(List.of(v3.version(), v2.version(), v1.version())).containsExactly(3L, 2L, 1L);
    assertThat(v1.previous()).isNull();
  }

  private static byte[] get(StatefulPathDriver d, ArtifactLocation l) {
    return d.store.getRange(l.partFile(), l.offset(), l.length());
  }

  @Test
  void assemblyLine_shouldYieldCorrectArtifacts_whenPrefetchRunsBeforeEarlierBatchesAreIndexed() {
    // GIVEN three batches over the same keys
    StatefulPathDriver d = new StatefulPathDriver(STACK.settings(), "assembly");
    StatelessBatches gen = new StatelessBatches(202);
    List<List<Event>> batches =
        List.of(gen.events(300, 0, 60), gen.events(300, 0, 60), gen.events(300, 0, 60));
    for (int n = 1; n <= 3; n++) {
      d.stateless(batches.get(n - 1), 1000);
      d.plan(n, n, n);
    }

    // WHEN the stages overlap as on the assembly line: N+2 prefetched and N+1 processed before N is
    // indexed
    PrefetchManifest p1 = d.prefetch(1);
    d.process(1);
    PrefetchManifest p2 = d.prefetch(2);
    d.process(2);
    PrefetchManifest p3 = d.prefetch(3);
    d.index(1);
    d.process(3);
    d.index(2);
    d.index(3);

    // THEN every balance is right (the oracle first: it fails whatever the cause), ...
    assertMatchesOracle(d, batches);
    // ... because the later prefetches saw nothing indexed, so batch 3 took every prior from
    // in-flight part-files
    assertThat(List.of(p1.indexedThrough(), p2.indexedThrough(), p3.indexedThrough()))
        .containsExactly(0L, 0L, 0L);
    assertThat(p3.count("found")).isZero();
    TreeSet<String> keys3 = keys(batches.get(2));
    TreeSet<String> earlier = keys(batches.get(0));
    earlier.addAll(keys(batches.get(1)));
    long withPrior = keys3.stream().filter(earlier::contains).count();
    StateManifest m3 = StateManifest.read(d.store, 3).orElseThrow();
    assertThat(m3.indexedThrough()).isZero();
    assertThat(m3.count("inFlightPriors")).isEqualTo(withPrior).isPositive();
    assertThat(m3.count("prefetchedPriors")).isZero();
    assertThat(d.entries(keys3).values()).allSatisfy(e -> assertThat(e.version()).isEqualTo(3));
    // previous locations computed from in-flight part-files address the exact prior version
    TreeSet<String> keys2 = keys(batches.get(1));
    for (IndexEntry e : d.entries(keys3).values()) {
      ReconciliationArtifact v3 = d.read(e);
      if (!earlier.contains(e.artifactId())) {
        assertThat(v3.previous()).isNull();
        continue;
      }
      ReconciliationArtifact prior = CanonicalJson.decodeArtifact(get(d, v3.previous()));
      assertThat(prior.artifactId()).isEqualTo(e.artifactId());
      assertThat(prior.version()).isEqualTo(keys2.contains(e.artifactId()) ? 2 : 1);
    }
  }

  private static TreeSet<String> keys(List<Event> events) {
    TreeSet<String> out = new TreeSet<>();
    events.forEach(e -> out.add(e.artifactId()));
    return out;
  }

  @Test
  void assemblyLine_shouldTakeTheNewestCopy_whenSomePriorsAreIndexedAndOthersInFlight() {
    // GIVEN batch 1 indexed, batch 2 processed but not indexed; batch 3 touches keys of both
    StatefulPathDriver d = new StatefulPathDriver(STACK.settings(), "mixed");
    StatelessBatches gen = new StatelessBatches(303);
    List<List<Event>> batches =
        List.of(gen.events(200, 0, 50), gen.events(100, 25, 50), gen.events(200, 0, 100));
    for (int n = 1; n <= 3; n++) {
      d.stateless(batches.get(n - 1), 1000);
      d.plan(n, n, n);
    }
    d.runBatch(1);
    d.prefetch(2);
    d.process(2);

    // WHEN batch 3 is prefetched while 2 is still being indexed, then processed
    PrefetchManifest p3 = d.prefetch(3);
    d.index(2);
    d.process(3);
    d.index(3);

    // THEN every balance is right; keys last changed in 1 came from the prefetch, keys changed in 2
    // from in flight
    assertMatchesOracle(d, batches);
    assertThat(p3.indexedThrough()).isEqualTo(1);
    StateManifest m3 = StateManifest.read(d.store, 3).orElseThrow();
    assertThat(m3.count("prefetchedPriors")).isPositive();
    assertThat(m3.count("inFlightPriors")).isPositive();
  }

  @Test
  void rerun_shouldChangeNoVersionAndNoByte_whenProcessingAnAlreadyIndexedBatch() {
    // GIVEN two indexed batches
    StatefulPathDriver d = new StatefulPathDriver(STACK.settings(), "rerun");
    StatelessBatches gen = new StatelessBatches(404);
    List<List<Event>> batches = List.of(gen.events(300, 0, 80), gen.events(300, 40, 80));
    for (int n = 1; n <= 2; n++) {
      d.stateless(batches.get(n - 1), 1000);
      d.plan(n, n, n);
      d.runBatch(n);
    }
    TreeSet<String> ids = new TreeSet<>(StatelessBatches.expectedBalances(batches).keySet());
    Map<String, IndexEntry> indexBefore = new HashMap<>(d.entries(ids));
    StateManifest manifestBefore = StateManifest.read(d.store, 2).orElseThrow();
    Map<String, byte[]> filesBefore = new HashMap<>();
    manifestBefore.files().forEach(f -> filesBefore.put(f.key(), d.store.get(f.key())));

    // WHEN batch 2 is processed again, and re-indexed (forced)
    StateManifest again = d.process(2);
    CoordinatorResponse reindexed = d.reindex(2);

    // THEN the same manifest, the same bytes, no index entry written, no version changed
    assertThat(again).isEqualTo(manifestBefore);
    filesBefore.forEach((key, bytes) -> assertThat(d.store.get(key)).isEqualTo(bytes));
    assertThat(reindexed.status()).isEqualTo("SUCCESS");
    assertThat(reindexed.written()).isZero();
    assertThat(d.entries(ids)).isEqualTo(indexBefore);
  }

  @Test
  void prefetch_shouldNeverUseAStaleCachedCopy_whenRedisHoldsAnOlderVersion() {
    // GIVEN key-00003 indexed at version 2, but Redis holding its version-1 bytes
    StatefulPathDriver d = new StatefulPathDriver(STACK.settings(), "stale");
    StatelessBatches gen = new StatelessBatches(505);
    List<Event> b1 = new ArrayList<>(gen.events(50, 0, 10));
    b1.add(gen.event("key-00003"));
    List<Event> b2 = new ArrayList<>(gen.events(50, 0, 10));
    b2.add(gen.event("key-00003"));
    List<Event> b3 = List.of(gen.event("key-00003"));
    List<List<Event>> batches = List.of(b1, b2, b3);
    for (int n = 1; n <= 3; n++) {
      d.stateless(batches.get(n - 1), 1000);
      d.plan(n, n, n);
    }
    d.runBatch(1);
    IndexEntry v1 = d.entries(List.of("key-00003")).get("key-00003");
    byte[] v1Bytes = d.store.getRange(v1.partFile(), v1.offset(), v1.length());
    d.runBatch(2);
    IndexEntry v2 = d.entries(List.of("key-00003")).get("key-00003");
    d.cache.putAll(List.of(new CachedArtifact("key-00003", 1, v1Bytes)));

    // WHEN batch 3 prefetches key-00003, and is processed and indexed
    PrefetchManifest p3 = d.prefetch(3);
    CachedArtifact repaired = d.cache.getAll(List.of("key-00003")).get("key-00003");
    d.process(3);
    d.index(3);

    // THEN the balance includes batch 2's events (a stale copy would have lost them): the S3 copy
    // at
    // version 2 was used, and the cache was repaired to it
    assertMatchesOracle(d, batches);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(p3.count("storeReads")).isEqualTo(1);
    assertThat(p3.count("cacheHits")).isZero();
    assertThat(repaired.version()).isEqualTo(2);
    assertThat(repaired.bytes())
        .isEqualTo(d.store.getRange(v2.partFile(), v2.offset(), v2.length()));
  }
}
