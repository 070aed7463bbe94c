package dev.recon.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.IndexEntry;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.port.IndexPutOutcome;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.testing.InMemoryArtifactCache;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryObjectStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountingDecoratorsTest {

  @Test
  void objectStore_shouldCountRequestsAndBytes_whenEveryCallIsMade(@TempDir Path tmp)
      throws Exception {
    IoCounters io = new IoCounters();
    CountingObjectStore store = new CountingObjectStore(new InMemoryObjectStore(), io);

    store.put("a", new byte[10]);
    store.put("b", new byte[5]);
    Path big = tmp.resolve("big");
    Files.write(big, new byte[25]);
    store.putMultipart("c", big, 10); // 3 parts + create + complete
    store.get("a");
    store.getRange("a", 2, 4);
    try (InputStream in = store.open("b")) {
      in.readAllBytes();
    }
    store.head("a");
    store.list("");
    store.delete("b");

    IoCounts c = io.snapshot();
    assertThat(c.get(IoMetric.S3_PUT_REQUESTS)).isEqualTo(2 + 5);
    assertThat(c.get(IoMetric.S3_BYTES_WRITTEN)).isEqualTo(40);
    assertThat(c.get(IoMetric.S3_GET_REQUESTS)).isEqualTo(3);
    assertThat(c.get(IoMetric.S3_BYTES_READ)).isEqualTo(10 + 4 + 5);
    assertThat(c.get(IoMetric.S3_HEAD_REQUESTS)).isEqualTo(1);
    assertThat(c.get(IoMetric.S3_LIST_REQUESTS)).isEqualTo(1);
    assertThat(c.get(IoMetric.S3_DELETE_REQUESTS)).isEqualTo(1);
  }

  @Test
  void index_shouldCountItems_whenLookupsAndConditionalPuts() {
    IoCounters io = new IoCounters();
    CountingArtifactIndex index = new CountingArtifactIndex(new InMemoryArtifactIndex(), io);
    IndexEntry e = new IndexEntry("k1", "state/p", 0, 10, 1);

    index.putIfNewer(e);
    index.putIfNewer(e); // refused: still a write request
    index.getAll(List.of("k1", "k2", "k3"));
    index.get("k1");

    assertThat(io.snapshot().get(IoMetric.DYNAMODB_WRITES)).isEqualTo(2);
    assertThat(io.snapshot().get(IoMetric.DYNAMODB_READS)).isEqualTo(4);
  }

  @Test
  void cache_shouldCountVersionedHitsAndMisses_whenCopiesAreStaleOrAbsent() {
    IoCounters io = new IoCounters();
    CountingArtifactCache cache = new CountingArtifactCache(new InMemoryArtifactCache(), io);
    cache.putAll(
        List.of(
            new CachedArtifact("a", 2, new byte[] {1}),
            new CachedArtifact("b", 1, new byte[] {2})));

    Map<String, byte[]> hits =
        cache.getIfVersion(Map.of("a", 2L, "b", 2L, "c", 1L)); // b is stale, c absent

    assertThat(hits).containsOnlyKeys("a");
    IoCounts c = io.snapshot();
    assertThat(c.get(IoMetric.CACHE_WRITES)).isEqualTo(2);
    assertThat(c.get(IoMetric.CACHE_HITS)).isEqualTo(1);
    assertThat(c.get(IoMetric.CACHE_MISSES)).isEqualTo(2);
    assertThat(c.cacheHitRatio())
        .hasValueCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void objectStore_shouldPassEveryCallThrough_andReturnWhatTheStoreReturns(@TempDir Path tmp)
      throws Exception {
    // GIVEN a counting store over an in-memory store
    InMemoryObjectStore inner = new InMemoryObjectStore();
    IoCounters io = new IoCounters();
    CountingObjectStore store = new CountingObjectStore(inner, io);
    byte[] abc = {'a', 'b', 'c', 'd', 'e', 'f'};
    Path file = tmp.resolve("f");
    Files.write(file, new byte[] {9, 8, 7});

    store.put("k/a", abc);
    store.putMultipart("k/m", file, 2);

    // THEN reads give the stored bytes
    assertThat(inner.get("k/m")).containsExactly(9, 8, 7);
    assertThat(store.get("k/a")).containsExactly('a', 'b', 'c', 'd', 'e', 'f');
    assertThat(store.getRange("k/a", 1, 3)).containsExactly('b', 'c', 'd');
    assertThat(store.head("k/a")).map(ObjectInfo::size).contains(6L);
    assertThat(store.head("k/none")).isEmpty();
    assertThat(store.list("k/")).extracting(ObjectInfo::key).containsExactly("k/a", "k/m");
    // AND a delete deletes
    store.delete("k/a");
    assertThat(inner.keys()).containsExactly("k/m");
    IoCounts c = io.snapshot();
    assertThat(c.get(IoMetric.S3_HEAD_REQUESTS)).isEqualTo(2);
    assertThat(c.get(IoMetric.S3_DELETE_REQUESTS)).isEqualTo(1);
    assertThat(c.get(IoMetric.S3_BYTES_READ)).isEqualTo(6 + 3);
  }

  @Test
  void objectStore_shouldCountMultipartRequests_whenTheSizeIsAnExactMultipleOfThePart(
      @TempDir Path tmp) throws Exception {
    // GIVEN files of 20, 21 and 1 bytes sent in parts of 10
    long[] expectedParts = {2, 3, 1};
    int[] sizes = {20, 21, 1};
    for (int i = 0; i < sizes.length; i++) {
      IoCounters io = new IoCounters();
      CountingObjectStore store = new CountingObjectStore(new InMemoryObjectStore(), io);
      Path file = tmp.resolve("f" + i);
      Files.write(file, new byte[sizes[i]]);
      store.putMultipart("m", file, 10);
      // THEN one request per part, plus create and complete
      assertThat(io.snapshot().get(IoMetric.S3_PUT_REQUESTS))
          .as("%d bytes", sizes[i])
          .isEqualTo(expectedParts[i] + 2);
      assertThat(io.snapshot().get(IoMetric.S3_BYTES_WRITTEN)).isEqualTo(sizes[i]);
    }
  }

  @Test
  void objectStore_shouldCountOneListRequestPer1000Keys_andOneForAnEmptyListing() {
    // GIVEN listings of 0, 1, 1000, 1001 and 2500 keys: S3 pages of 1000 keys, at least one page
    int[] keys = {0, 1, 1000, 1001, 2500};
    long[] pages = {1, 1, 1, 2, 3};
    for (int i = 0; i < keys.length; i++) {
      InMemoryObjectStore inner = new InMemoryObjectStore();
      for (int k = 0; k < keys[i]; k++) {
        inner.put(String.format("p/%05d", k), new byte[] {1});
      }
      IoCounters io = new IoCounters();
      List<ObjectInfo> listed = new CountingObjectStore(inner, io).list("p/");
      assertThat(listed).hasSize(keys[i]);
      assertThat(io.snapshot().get(IoMetric.S3_LIST_REQUESTS))
          .as("%d keys", keys[i])
          .isEqualTo(pages[i]);
    }
  }

  @Test
  void objectStore_shouldCountStreamedBytesAsRead_byteByByte_butNotSkippedOnes() throws Exception {
    // GIVEN an object with zero bytes in it
    InMemoryObjectStore inner = new InMemoryObjectStore();
    inner.put("z", new byte[] {0, 5, 0, 7, 0, 0, 3, 0});
    IoCounters io = new IoCounters();
    CountingObjectStore store = new CountingObjectStore(inner, io);
    List<Integer> read = new ArrayList<>();
    try (InputStream in = store.open("z")) {
      // WHEN two bytes are read one at a time, three skipped and the rest read one at a time
      read.add(in.read());
      read.add(in.read());
      assertThat(in.skip(3)).isEqualTo(3);
      int b;
      while ((b = in.read()) != -1) {
        read.add(b);
      }
      assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
    }
    // THEN the bytes come through unchanged, and only the 5 read (zeros too) are counted
    assertThat(read).containsExactly(0, 5, 0, 3, 0);
    assertThat(io.snapshot().get(IoMetric.S3_BYTES_READ)).isEqualTo(5);
    assertThat(io.snapshot().get(IoMetric.S3_GET_REQUESTS)).isEqualTo(1);
  }

  @Test
  void index_shouldReturnWhatTheIndexReturns_andCountEveryScannedEntryAsARead() {
    // GIVEN two entries in the index
    InMemoryArtifactIndex inner = new InMemoryArtifactIndex();
    IoCounters io = new IoCounters();
    CountingArtifactIndex index = new CountingArtifactIndex(inner, io);
    IndexEntry k1 = new IndexEntry("k1", "state/p", 0, 10, 1);
    IndexEntry k2 = new IndexEntry("k2", "state/p", 10, 5, 3);

    // THEN writes, lookups and scans return the delegate's answers
    assertThat(index.putIfNewer(k1)).isEqualTo(IndexPutOutcome.WRITTEN);
    assertThat(index.putIfNewer(k2)).isEqualTo(IndexPutOutcome.WRITTEN);
    assertThat(index.putIfNewer(k1)).isEqualTo(IndexPutOutcome.NOT_NEWER);
    assertThat(index.get("k1")).contains(k1);
    assertThat(index.get("k9")).isEmpty();
    assertThat(index.getAll(List.of("k1", "k2", "k9"))).isEqualTo(Map.of("k1", k1, "k2", k2));
    List<IndexEntry> scanned = new ArrayList<>();
    index.scan(scanned::add);
    assertThat(scanned).containsExactlyInAnyOrder(k1, k2);
    // AND reads are 2 gets + 3 looked up + 2 scanned
    assertThat(io.snapshot().get(IoMetric.DYNAMODB_READS)).isEqualTo(7);
    assertThat(io.snapshot().get(IoMetric.DYNAMODB_WRITES)).isEqualTo(3);
  }

  @Test
  void cache_shouldCountRawLookups_andReturnWhatTheCacheStored() {
    // GIVEN a cache that keeps artifacts of at most 2 bytes
    IoCounters io = new IoCounters();
    CountingArtifactCache cache = new CountingArtifactCache(new InMemoryArtifactCache(2), io);
    int stored =
        cache.putAll(
            List.of(
                new CachedArtifact("a", 1, new byte[] {1, 2}),
                new CachedArtifact("big", 1, new byte[] {1, 2, 3}),
                new CachedArtifact("b", 4, new byte[] {3})));
    // THEN only what the cache stored is counted and returned
    assertThat(stored).isEqualTo(2);
    assertThat(io.snapshot().get(IoMetric.CACHE_WRITES)).isEqualTo(2);
    // WHEN a raw lookup asks for 4 ids, 2 of them cached (any version)
    Map<String, CachedArtifact> found = cache.getAll(List.of("a", "b", "big", "c"));
    assertThat(found).containsOnlyKeys("a", "b");
    assertThat(found.get("b").version()).isEqualTo(4);
    assertThat(found.get("b").bytes()).containsExactly(3);
    IoCounts c = io.snapshot();
    assertThat(c.get(IoMetric.CACHE_HITS)).isEqualTo(2);
    assertThat(c.get(IoMetric.CACHE_MISSES)).isEqualTo(2);
  }
}
