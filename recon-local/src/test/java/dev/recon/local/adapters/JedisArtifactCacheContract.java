package dev.recon.local.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.JedisArtifactCache;
import dev.recon.aws.RedisBreaker;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.testing.ArtifactCacheContract;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * {@link JedisArtifactCache} against a real Redis: the {@link ArtifactCacheContract} plus the
 * Redis-only cases (TTL, pipelining, retries). Each test has its own key namespace.
 */
abstract class JedisArtifactCacheContract extends ArtifactCacheContract {
  static final long TTL = 600;

  protected abstract AwsClientFactory clients();

  private JedisPooled jedis;
  private String namespace;
  private JedisArtifactCache jedisCache;

  @Override
  protected ArtifactCache artifactCache(int maxBytes) {
    jedis = clients().jedis();
    namespace = "it-" + UUID.randomUUID();
    jedisCache = new JedisArtifactCache(jedis, namespace, TTL, maxBytes, 2);
    return jedisCache;
  }

  @Test
  void putAll_shouldStoreWithTtl_whenArtifactFits() {
    cache.putAll(List.of(artifact("order-2", 1, "x")));

    long ttl = jedis.ttl(jedisCache.key("order-2"));

    assertThat(ttl).isBetween(TTL - 30, TTL);
  }

  @Test
  void putAll_shouldSendOnePipeline_whenStoringManyArtifacts() throws Exception {
    URI redis = URI.create(clients().settings().redisUri());
    try (LatencyProxy slow = new LatencyProxy(redis.getHost(), redis.getPort(), 25);
        JedisPooled viaProxy = new JedisPooled("127.0.0.1", slow.port())) {
      JedisArtifactCache slowCache = new JedisArtifactCache(viaProxy, namespace, TTL, MAX_BYTES, 0);
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
  void getAll_shouldThrowStoreUnavailable_whenRedisUnreachableAfterRetries() {
    int deadPort = dev.recon.local.internal.Probes.freeLoopbackPort();
    try (JedisPooled dead = new JedisPooled("127.0.0.1", deadPort)) {
      JedisArtifactCache unreachable = new JedisArtifactCache(dead, namespace, TTL, MAX_BYTES, 2);

      assertThatThrownBy(() -> unreachable.getAll(List.of("order-1")))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("3 attempts");
      assertThatThrownBy(() -> unreachable.putAll(List.of(artifact("order-1", 1, "x"))))
          .isInstanceOf(StoreUnavailableException.class);
    }
  }

  @Test
  void calls_shouldFailFastWhileRedisIsKnownDown_andProbeOnce_untilRedisAnswers() {
    AtomicLong now = new AtomicLong(1_000);
    Duration cooldown = Duration.ofSeconds(10);
    RedisBreaker breaker = new RedisBreaker(now::get, cooldown);
    int deadPort = dev.recon.local.internal.Probes.freeLoopbackPort();
    try (JedisPooled dead = new JedisPooled("127.0.0.1", deadPort)) {
      // Two caches on one breaker, as every cache of one endpoint shares it: one whose Redis is
      // unreachable, one on the live Redis (standing for the same endpoint once it is back).
      JedisArtifactCache down = new JedisArtifactCache(dead, namespace, TTL, MAX_BYTES, 3, breaker);
      JedisArtifactCache up = new JedisArtifactCache(jedis, namespace, TTL, MAX_BYTES, 3, breaker);

      long t0 = System.nanoTime();
      assertThatThrownBy(() -> down.getAll(List.of("order-1")))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("4 attempts");
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .as("the first failure spends its backoff (50 + 100 + 200 ms)")
          .isGreaterThanOrEqualTo(Duration.ofMillis(350));
      assertThat(breaker.isOpen()).isTrue();

      // Known down: no call reaches Redis, not even one that would succeed, and none waits.
      t0 = System.nanoTime();
      assertThatThrownBy(() -> up.getAll(List.of("order-1")))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("not attempted");
      assertThatThrownBy(() -> down.putAll(List.of(artifact("order-1", 1, "x"))))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("not attempted");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(300));

      // After the cooldown a failing probe is a single attempt and opens the breaker again.
      now.addAndGet(cooldown.toNanos());
      assertThatThrownBy(() -> down.getAll(List.of("order-1")))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("after 1 attempt");
      assertThat(breaker.isOpen()).isTrue();

      // A probe that reaches Redis closes it: calls go through, and retry again when they fail.
      now.addAndGet(cooldown.toNanos());
      assertThat(up.putAll(List.of(artifact("order-1", 1, "x")))).isEqualTo(1);
      assertThat(breaker.isOpen()).isFalse();
      assertThat(up.getAll(List.of("order-1"))).containsOnlyKeys("order-1");
      assertThatThrownBy(() -> down.getAll(List.of("order-1")))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("4 attempts");
    }
  }
}
