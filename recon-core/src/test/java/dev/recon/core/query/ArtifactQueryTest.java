package dev.recon.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.error.InvalidIdException;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.rules.ArtifactMerger;
import dev.recon.core.rules.StatelessReducer;
import dev.recon.core.testing.EventGenerator;
import dev.recon.core.testing.InMemoryArtifactCache;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryObjectStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArtifactQueryTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryArtifactIndex index = new InMemoryArtifactIndex();
  private final InMemoryArtifactCache cache = new InMemoryArtifactCache();
  private final ArtifactQuery query = new ArtifactQuery(index, store, cache, 128);
  private ReconciliationArtifact v1;
  private ReconciliationArtifact v2;

  @BeforeEach
  void twoVersionsInTwoPartFiles() {
    EventGenerator gen = new EventGenerator(5);
    ArtifactMerger merger = new ArtifactMerger(RulesConfig.DEFAULTS);
    Instant t = Instant.parse("2026-11-22T00:00:00Z");
    v1 =
        merger
            .merge(
                null,
                null,
                List.of(
                    StatelessReducer.reduce(
                        "order-1",
                        1,
                        gen.events(3, 1).stream().map(e -> gen.event("order-1")).toList())),
                1,
                t)
            .artifact();
    ArtifactLocation loc1 =
        write("state/0000000001/part-00000.jsonl", "{\"artifactId\":\"other\"}", v1);
    v2 =
        merger
            .merge(
                v1,
                loc1,
                List.of(StatelessReducer.reduce("order-1", 2, List.of(gen.event("order-1")))),
                2,
                t)
            .artifact();
    ArtifactLocation loc2 = write("state/0000000002/part-00001.jsonl", "", v2);
    index.putIfNewer(new IndexEntry("order-1", loc2.partFile(), loc2.offset(), loc2.length(), 2));
  }

  private ArtifactLocation write(String key, String before, ReconciliationArtifact a) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] head = before.isEmpty() ? new byte[0] : (before + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] body = CanonicalJson.encode(a);
    out.writeBytes(head);
    out.writeBytes(body);
    out.write('\n');
    store.put(key, out.toByteArray());
    return new ArtifactLocation(key, head.length, body.length);
  }

  @Test
  void lookup_shouldReadS3AndRepairCache_thenHitCache() {
    ArtifactQuery.Lookup first = query.lookup("order-1").orElseThrow();
    assertThat(first.cacheHit()).isFalse();
    assertThat(first.artifact()).isEqualTo(v2);
    ArtifactQuery.Lookup second = query.lookup("order-1").orElseThrow();
    assertThat(second.cacheHit()).isTrue();
    assertThat(second.bytes()).isEqualTo(CanonicalJson.encode(v2));
  }

  @Test
  void lookup_shouldIgnoreCachedCopy_whenItsVersionDiffersFromTheIndex() {
    cache.putAll(List.of(new CachedArtifact("order-1", 1, CanonicalJson.encode(v1))));
    ArtifactQuery.Lookup l = query.lookup("order-1").orElseThrow();
    assertThat(l.cacheHit()).isFalse();
    assertThat(l.artifact().version()).isEqualTo(2);
  }

  @Test
  void lookup_shouldServeFromS3_whenCacheIsDown() {
    cache.down = true;
    assertThat(query.get("order-1")).contains(v2);
  }

  @Test
  void lookup_shouldBeEmpty_whenIdUnknown_andRefuseMalformedIdsBeforeAnyRead() {
    assertThat(query.lookup("order-404")).isEmpty();
    long gets = store.gets.get();
    assertThatThrownBy(() -> query.lookup("bad\u0000id")).isInstanceOf(InvalidIdException.class);
    assertThatThrownBy(() -> query.lookup("x".repeat(500))).isInstanceOf(InvalidIdException.class);
    assertThat(store.gets.get()).isEqualTo(gets);
  }

  @Test
  void history_shouldWalkPreviousVersions_newestFirst() {
    assertThat(query.history("order-1", 10))
        .extracting(ReconciliationArtifact::version)
        .containsExactly(2L, 1L);
    assertThat(query.history("order-1", 1)).hasSize(1);
  }
}
