package dev.recon.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RedisBreakerTest {
  private final AtomicLong now = new AtomicLong(-5_000);
  private final RedisBreaker breaker = new RedisBreaker(now::get, Duration.ofSeconds(10));

  @Test
  void acquire_shouldAllowRetries_whileClosed() {
    assertThat(breaker.acquire()).isEqualTo(RedisBreaker.Permit.RETRIES);
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void acquire_shouldRefuse_untilTheCooldownEnds_thenGiveOneProbe() {
    breaker.failed();
    now.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
    assertThat(breaker.acquire()).isEqualTo(RedisBreaker.Permit.NONE);

    now.incrementAndGet();

    assertThat(breaker.acquire()).isEqualTo(RedisBreaker.Permit.PROBE);
    assertThat(breaker.acquire()).as("one probe per cooldown").isEqualTo(RedisBreaker.Permit.NONE);
    breaker.succeeded();
    assertThat(breaker.acquire()).isEqualTo(RedisBreaker.Permit.RETRIES);
  }

  @Test
  void forEndpoint_shouldShareOneBreakerPerEndpoint() {
    assertThat(RedisBreaker.forEndpoint("redis://10.0.0.1:6379"))
        .isSameAs(RedisBreaker.forEndpoint("redis://10.0.0.1:6379"))
        .isNotSameAs(RedisBreaker.forEndpoint("redis://10.0.0.2:6379"));
  }
}
