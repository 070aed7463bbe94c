package dev.recon.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.IndexEntry;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.testing.InMemoryArtifactCache;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryObjectStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
