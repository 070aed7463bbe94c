package dev.recon.aws;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A circuit breaker for one Redis endpoint, shared by every {@link JedisArtifactCache} of a JVM
 * that talks to it ({@link #forEndpoint}): once a call has spent all its retries on connection
 * errors, Redis is known down, and for {@link #COOLDOWN} every call fails at once with {@code
 * StoreUnavailableException} instead of spending the same backoff again (1.55 s per call with the
 * default five retries: a Spark stage whose tasks each read the cache would pay it per task). After
 * the cooldown one caller probes with a single attempt, no retries: success closes the breaker,
 * failure opens it for another cooldown. The contract to callers is unchanged: an unreachable Redis
 * is always an exception, never an empty answer.
 *
 * <p>Executors deserialize their own {@link AwsClientFactory} per task, each with its own pool, so
 * the breaker is keyed by endpoint rather than held by a pool.
 */
public final class RedisBreaker {
  /** How long calls fail fast once Redis is known down, before the next single-attempt probe. */
  public static final Duration COOLDOWN = Duration.ofSeconds(10);

  private static final Map<String, RedisBreaker> BY_ENDPOINT = new ConcurrentHashMap<>();

  /** 0: closed; otherwise the {@link #clock} time until which calls fail fast. */
  private final AtomicLong openUntil = new AtomicLong();

  private final LongSupplier clock;
  private final long cooldownNanos;

  /** A breaker of its own (not shared), on {@link System#nanoTime()}. */
  public RedisBreaker() {
    this(System::nanoTime, COOLDOWN);
  }

  /**
   * @param clock a monotonic clock in nanoseconds (tests pass their own)
   */
  public RedisBreaker(LongSupplier clock, Duration cooldown) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cooldownNanos = cooldown.toNanos();
  }

  /** The JVM's breaker for the Redis at {@code endpoint} (its URI). */
  public static RedisBreaker forEndpoint(String endpoint) {
    return BY_ENDPOINT.computeIfAbsent(Objects.requireNonNull(endpoint), e -> new RedisBreaker());
  }

  /** What a call may do now. */
  enum Permit {
    /** Closed: the call retries as configured. */
    RETRIES,
    /** This caller probes after a cooldown: one attempt, no retries. */
    PROBE,
    /** Open: fail without touching Redis. */
    NONE
  }

  Permit acquire() {
    long until = openUntil.get();
    if (until == 0) {
      return Permit.RETRIES;
    }
    long now = clock.getAsLong();
    if (now - until < 0) {
      return Permit.NONE;
    }
    // Cooldown over: exactly one caller gets the probe, the others keep failing fast meanwhile.
    return openUntil.compareAndSet(until, now + cooldownNanos) ? Permit.PROBE : Permit.NONE;
  }

  /** A call reached Redis: the breaker closes. */
  void succeeded() {
    if (openUntil.get() != 0) {
      openUntil.set(0);
    }
  }

  /** A call ran out of attempts on connection errors (or a probe failed): open for a cooldown. */
  void failed() {
    long until = clock.getAsLong() + cooldownNanos;
    openUntil.set(until == 0 ? 1 : until);
  }

  /** Whether calls fail fast now. */
  public boolean isOpen() {
    long until = openUntil.get();
    return until != 0 && clock.getAsLong() - until < 0;
  }
}
