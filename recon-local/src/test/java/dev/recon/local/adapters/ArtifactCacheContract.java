package dev.recon.local.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.JedisArtifactCache;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.port.CachedArtifact;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** {@link JedisArtifactCache} against a real Redis. Each test has its own key namespace. */
abstract class ArtifactCacheContract {
  static final long TTL = 600;

  protected abstract AwsClientFactory clients();

  private JedisPooled jedis;
  private String namespace;
  private JedisArtifactCache cache;

  @BeforeEach
  void setUp() {
    jedis = clients().jedis();
    namespace = "it-" + UUID.randomUUID();
    cache = new JedisArtifactCache(jedis, namespace, TTL, 1024, 2);
  }

  @Test
  void getIfVersion_shouldMiss_whenCachedVersionDiffersFromExpected() {
    cache.putAll(List.of(artifact("order-1", 5, "v5")));

    assertThat(cache.getIfVersion(Map.of("order-1", 5L))).containsOnlyKeys("order-1");
    assertThat(cache.get("order-1", 5)).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("v5")));
    assertThat(cache.getIfVersion(Map.of("order-1", 4L))).as("older index version").isEmpty();
    assertThat(cache.getIfVersion(Map.of("order-1", 6L))).as("newer index version").isEmpty();
    assertThat(cache.getAll(List.of("order-1")).get("order-1").version()).isEqualTo(5);
  }

  @Test
  void putAll_shouldStoreWithTtl_whenArtifactFits() {
    cache.putAll(List.of(artifact("order-2", 1, "x")));

    long ttl = jedis.ttl(cache.key("order-2"));

    assertThat(ttl).isBetween(TTL - 30, TTL);
  }

  @Test
  void putAll_shouldSkipArtifact_whenLargerThanMaxBytes() {
    CachedArtifact fits = new CachedArtifact("small", 1, new byte[1024]);
    CachedArtifact tooBig = new CachedArtifact("big", 1, new byte[1025]);

    int stored = cache.putAll(List.of(fits, tooBig));

    assertThat(stored).isEqualTo(1);
    assertThat(cache.getAll(List.of("small", "big"))).containsOnlyKeys("small");
  }

  @Test
  void putAll_shouldSendOnePipeline_whenStoringManyArtifacts() throws Exception {
    URI redis = URI.create(clients().settings().redisUri());
    try (LatencyProxy slow = new LatencyProxy(redis.getHost(), redis.getPort(), 25);
        JedisPooled viaProxy = new JedisPooled("127.0.0.1", slow.port())) {
      JedisArtifactCache slowCache = new JedisArtifactCache(viaProxy, namespace, TTL, 1024, 0);
      List<CachedArtifact> many = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        many.add(artifact("bulk-" + i, i + 1, "artifact-" + i));
      }
      viaProxy.ping(); // connect outside the timed section

      long t0 = System.nanoTime();
      int stored = slowCache.putAll(many);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      assertThat(stored).isEqualTo(400);
      // 400 separate round trips would take >= 10 s through the 25 ms relay; one pipeline a few
      // relay hops (the bound leaves room for a loaded build machine).
      assertThat(took).isLessThan(Duration.ofSeconds(4));
    }
    assertThat(cache.getAll(List.of("bulk-0", "bulk-399"))).containsOnlyKeys("bulk-0", "bulk-399");
  }

  @Test
  void getAll_shouldMapEveryHitToItsId_whenMoreIdsThanOneMget() {
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

  @Test
  void getAll_shouldThrowStoreUnavailable_whenRedisUnreachableAfterRetries() {
    int deadPort = dev.recon.local.internal.Probes.freeLoopbackPort();
    try (JedisPooled dead = new JedisPooled("127.0.0.1", deadPort)) {
      JedisArtifactCache unreachable = new JedisArtifactCache(dead, namespace, TTL, 1024, 2);

      assertThatThrownBy(() -> unreachable.getAll(List.of("order-1")))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("3 attempts");
      assertThatThrownBy(() -> unreachable.putAll(List.of(artifact("order-1", 1, "x"))))
          .isInstanceOf(StoreUnavailableException.class);
    }
  }

  static CachedArtifact artifact(String id, long version, String body) {
    return new CachedArtifact(id, version, bytes(body));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
