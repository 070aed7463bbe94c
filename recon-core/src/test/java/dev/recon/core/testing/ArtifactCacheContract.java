package dev.recon.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.CachedArtifact;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ArtifactCache} must do: {@code JedisArtifactCache} against a real Redis
 * (recon-local) and {@link InMemoryArtifactCache} (InMemoryAdaptersTest). Each test has its own
 * cache (its own key namespace on a shared server). Redis-specific cases live in the subclasses.
 */
public abstract class ArtifactCacheContract {
  public static final int MAX_BYTES = 1024;

  /**
   * A fresh cache under test that skips artifacts over {@code maxBytes} (owned by the subclass).
   */
  protected abstract ArtifactCache artifactCache(int maxBytes);

  protected ArtifactCache cache;

  @BeforeEach
  public void setUpCache() {
    cache = artifactCache(MAX_BYTES);
  }

  @Test
  public void getIfVersion_shouldMiss_whenCachedVersionDiffersFromExpected() {
    cache.putAll(List.of(artifact("order-1", 5, "v5")));

    assertThat(cache.getIfVersion(Map.of("order-1", 5L))).containsOnlyKeys("order-1");
    assertThat(cache.get("order-1", 5))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("v5")));
    assertThat(cache.getIfVersion(Map.of("order-1", 4L))).as("older index version").isEmpty();
    assertThat(cache.getIfVersion(Map.of("order-1", 6L))).as("newer index version").isEmpty();
    assertThat(cache.getAll(List.of("order-1")).get("order-1").version()).isEqualTo(5);
  }

  @Test
  public void putAll_shouldSkipArtifact_whenLargerThanMaxBytes() {
    CachedArtifact fits = new CachedArtifact("small", 1, new byte[1024]);
    CachedArtifact tooBig = new CachedArtifact("big", 1, new byte[1025]);

    int stored = cache.putAll(List.of(fits, tooBig));

    assertThat(stored).isEqualTo(1);
    assertThat(cache.getAll(List.of("small", "big"))).containsOnlyKeys("small");
  }

  @Test
  public void getAll_shouldMapEveryHitToItsId_whenMoreIdsThanOneMget() {
    List<CachedArtifact> cached = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      ids.add("id-" + i);
      if (i % 2 == 0) {
        cached.add(artifact("id-" + i, i + 1, "body-" + i));
      }
    }
    cache.putAll(cached);

    Map<String, CachedArtifact> found = cache.getAll(ids);

    assertThat(found).hasSize(1_250);
    assertThat(found.get("id-1234").version()).isEqualTo(1235);
    assertThat(found.get("id-1234").bytes()).isEqualTo(bytes("body-1234"));
    assertThat(found).doesNotContainKey("id-1235");
  }

  public static CachedArtifact artifact(String id, long version, String body) {
    return new CachedArtifact(id, version, bytes(body));
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
