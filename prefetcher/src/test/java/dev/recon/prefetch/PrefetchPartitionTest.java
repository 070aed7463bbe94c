package dev.recon.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.contract.PrefetchLineCodec;
import dev.recon.core.contract.PrefetchedArtifact;
import dev.recon.core.io.PartLineScanner;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.testing.InMemoryArtifactCache;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.core.testing.TestArtifacts;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class PrefetchPartitionTest {

  @Test
  void run_shouldWriteOneLinePerKnownKey_whenKeysComeInSeveralRounds() throws Exception {
    // GIVEN 30 indexed artifacts and 40 keys (10 new), fetched in rounds of 7
    StatelessBatches gen = new StatelessBatches(3);
    InMemoryObjectStore store = new InMemoryObjectStore();
    InMemoryArtifactIndex index = new InMemoryArtifactIndex();
    List<ReconciliationArtifact> artifacts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      artifacts.add(TestArtifacts.artifact(gen, String.format("key-%03d", i), 2, 2));
    }
    List<IndexEntry> entries = TestArtifacts.writePart(store, 2, 0, artifacts);
    entries.forEach(index::putIfNewer);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      keys.add(String.format("key-%03d", i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ArtifactFetcher fetcher =
        new ArtifactFetcher(
            index, new InMemoryArtifactCache(), store, RangeCoalescingPlanner.defaults(), pool);

    // WHEN
    PrefetchPartResult result;
    try {
      result = PrefetchPartition.run(3, keys.iterator(), fetcher, store, 5, 7);
    } finally {
      pool.shutdownNow();
    }

    // THEN prefetch/5/part-00003.jsonl holds the 30 known artifacts with their locations
    assertThat(result.file().key()).isEqualTo(Layout.prefetch(5, 3));
    assertThat(result.file().records()).isEqualTo(30);
    assertThat(result.counters().keys).isEqualTo(40);
    assertThat(result.counters().found).isEqualTo(30);
    byte[] file = store.get(Layout.prefetch(5, 3));
    assertThat(result.file().bytes()).isEqualTo(file.length);
    assertThat(result.file().sha256())
        .isEqualTo(
            HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file)));
    List<PrefetchedArtifact> lines = new ArrayList<>();
    try (PartLineScanner s = new PartLineScanner(new ByteArrayInputStream(file), "prefetch")) {
      PartLineScanner.ScannedLine l;
      while ((l = s.next(Integer.MAX_VALUE)) != null) {
        lines.add(PrefetchLineCodec.decode(l.kept()));
      }
    }
    assertThat(lines).hasSize(30);
    for (int i = 0; i < 30; i++) {
      assertThat(lines.get(i).artifact()).isEqualTo(CanonicalJson.encode(artifacts.get(i)));
      assertThat(lines.get(i).location()).isEqualTo(entries.get(i).location());
    }
  }
}
