package dev.recon.aws;

import dev.recon.core.config.ReconSettings;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.CachedArtifact;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.SetParams;

/**
 * {@link ArtifactCache} on Redis: one key per artifact, {@code <prefix>:artifact:<artifactId>},
 * whose value is the artifact's version (8 bytes, big-endian) followed by its encoded bytes (see
 * {@link CacheValues}), written with {@code SET … EX ttl}.
 *
 * <p>Failures are handled the way a cache must be to stay safe: only connection errors are retried,
 * a bounded number of times, and when retries run out the caller gets {@link
 * StoreUnavailableException} — never an empty map that would read as "all misses" for a put, or
 * hide an outage. (The classic data-loss bug is a client that catches everything and returns a
 * default after the last retry.) Retrying is safe because every operation here is idempotent: SET
 * of the same value and MGET.
 *
 * <p>Once a call has run out of retries, Redis is known down: a {@link RedisBreaker} (shared per
 * endpoint by {@link AwsClientFactory#artifactCache()}) makes the calls of the next {@link
 * RedisBreaker#COOLDOWN} fail at once with the same exception, then lets one probe with a single
 * attempt through.
 *
 * <p>The pool is not closed by {@link #close()}: whoever built it owns it.
 */
public final class JedisArtifactCache implements ArtifactCache {
  private static final Logger LOG = LoggerFactory.getLogger(JedisArtifactCache.class);

  /** Keys per MGET; a large key list is split into several MGETs sent in one pipeline. */
  static final int MGET_CHUNK = 1000;

  static final long RETRY_BACKOFF_BASE_MS = 50;

  private final JedisPooled jedis;
  private final String keyPrefix;
  private final long ttlSeconds;
  private final int maxBytes;
  private final int maxRetries;
  private final RedisBreaker breaker;

  public JedisArtifactCache(JedisPooled jedis, ReconSettings settings, RedisBreaker breaker) {
    this(
        jedis,
        settings.prefix(),
        settings.cacheTtlSeconds(),
        settings.cacheMaxBytes(),
        settings.maxRetries(),
        breaker);
  }

  /** A cache with a breaker of its own. */
  public JedisArtifactCache(
      JedisPooled jedis, String namespace, long ttlSeconds, int maxBytes, int maxRetries) {
    this(jedis, namespace, ttlSeconds, maxBytes, maxRetries, new RedisBreaker());
  }

  /**
   * @param namespace keys are {@code <namespace>:artifact:<id>}, so environments can share a Redis
   * @param maxBytes artifacts with more encoded bytes than this are not cached
   * @param maxRetries retries after the first attempt, on connection errors only
   * @param breaker fails calls fast while Redis is known down (share one per endpoint)
   */
  public JedisArtifactCache(
      JedisPooled jedis,
      String namespace,
      long ttlSeconds,
      int maxBytes,
      int maxRetries,
      RedisBreaker breaker) {
    this.breaker = Objects.requireNonNull(breaker, "breaker");
    this.jedis = Objects.requireNonNull(jedis, "jedis");
    this.keyPrefix = CacheValues.keyPrefix(namespace);
    if (ttlSeconds < 1 || maxBytes < 0 || maxRetries < 0) {
      throw new IllegalArgumentException(
          "bad cache settings: ttl=" + ttlSeconds + " maxBytes=" + maxBytes);
    }
    this.ttlSeconds = ttlSeconds;
    this.maxBytes = maxBytes;
    this.maxRetries = maxRetries;
  }

  /** The Redis key of an artifact (exposed for tests and operators). */
  public byte[] key(String artifactId) {
    return (keyPrefix + artifactId).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes every artifact no larger than the configured maximum in one pipeline, each with the TTL.
   *
   * @return how many were stored (oversize ones are skipped and not counted)
   */
  @Override
  public int putAll(Collection<CachedArtifact> artifacts) {
    List<CachedArtifact> fitting = new ArrayList<>(artifacts.size());
    for (CachedArtifact a : artifacts) {
      if (a.bytes().length <= maxBytes) {
        fitting.add(a);
      }
    }
    if (fitting.isEmpty()) {
      return 0;
    }
    SetParams ex = SetParams.setParams().ex(ttlSeconds);
    return withRetries(
        "pipelined SET of " + fitting.size() + " artifacts",
        () -> {
          List<Response<String>> replies = new ArrayList<>(fitting.size());
          try (Pipeline p = jedis.pipelined()) {
            for (CachedArtifact a : fitting) {
              replies.add(
                  p.set(key(a.artifactId()), CacheValues.encode(a.version(), a.bytes()), ex));
            }
            p.sync();
          }
          int stored = 0;
          for (Response<String> r : replies) {
            if ("OK".equals(r.get())) {
              stored++;
            }
          }
          return stored;
        });
  }

  /**
   * Whatever is cached for the ids, whatever its version. A value that cannot be decoded (written
   * by something else) is logged and treated as a miss: the caller falls back to the object store.
   */
  @Override
  public Map<String, CachedArtifact> getAll(Collection<String> artifactIds) {
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(artifactIds));
    if (ids.isEmpty()) {
      return Map.of();
    }
    List<byte[]> values =
        withRetries(
            "MGET of " + ids.size() + " artifacts",
            () -> {
              List<Response<List<byte[]>>> replies = new ArrayList<>();
              try (Pipeline p = jedis.pipelined()) {
                for (int from = 0; from < ids.size(); from += MGET_CHUNK) {
                  List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MGET_CHUNK));
                  byte[][] keys = new byte[chunk.size()][];
                  for (int i = 0; i < keys.length; i++) {
                    keys[i] = key(chunk.get(i));
                  }
                  replies.add(p.mget(keys));
                }
                p.sync();
              }
              List<byte[]> all = new ArrayList<>(ids.size());
              for (Response<List<byte[]>> r : replies) {
                all.addAll(r.get());
              }
              return all;
            });
    Map<String, CachedArtifact> out = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      byte[] value = values.get(i);
      if (value == null) {
        continue;
      }
      String id = ids.get(i);
      CachedArtifact decoded = CacheValues.decode(id, value);
      if (decoded == null) {
        LOG.warn("ignoring undecodable cache value for {} ({} bytes)", id, value.length);
        continue;
      }
      out.put(id, decoded);
    }
    return out;
  }

  @Override
  public void close() {
    // The pool is shared and owned by whoever built it (normally AwsClientFactory).
  }

  private <T> T withRetries(String what, Supplier<T> call) {
    RedisBreaker.Permit permit = breaker.acquire();
    if (permit == RedisBreaker.Permit.NONE) {
      throw new StoreUnavailableException(
          "Redis "
              + what
              + " not attempted: Redis is down (a recent call ran out of retries; next probe within "
              + RedisBreaker.COOLDOWN.toSeconds()
              + " s)",
          null);
    }
    int attempts = permit == RedisBreaker.Permit.PROBE ? 1 : maxRetries + 1;
    JedisConnectionException last = null;
    for (int attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) {
        sleep(Math.min(2_000, RETRY_BACKOFF_BASE_MS << Math.min(attempt - 1, 10)));
      }
      try {
        T result = call.get();
        breaker.succeeded();
        return result;
      } catch (JedisConnectionException e) {
        last = e;
        LOG.debug(
            "Redis {} failed (attempt {} of {}): {}", what, attempt + 1, attempts, e.toString());
      }
    }
    breaker.failed();
    throw new StoreUnavailableException(
        "Redis "
            + what
            + " failed after "
            + attempts
            + (attempts == 1 ? " attempt (a probe: Redis was down)" : " attempts"),
        last);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while backing off", e);
    }
  }
}
