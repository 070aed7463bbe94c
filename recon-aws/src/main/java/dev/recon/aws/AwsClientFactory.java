package dev.recon.aws;

import dev.recon.core.config.ReconSettings;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
import java.io.Serializable;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The one place recon builds AWS and Redis clients, from a {@link ReconSettings}.
 *
 * <p>On AWS the settings carry no endpoints or credentials, so the SDK's default region and
 * credential chains apply; locally (embedded stack, LocalStack) endpoint overrides and static
 * credentials are set, and S3 switches to path-style addressing because local servers do not
 * resolve virtual-host bucket names. Every client gets both an API-call and an attempt timeout and
 * a bounded standard retry strategy, and uses the url-connection HTTP client so Lambda jars carry
 * neither netty nor the Apache client.
 *
 * <p>Clients are created lazily and reused; the adapters returned by {@link #objectStore()} and
 * friends share them and never close them: {@link #close()} does, once. The factory is {@link
 * Serializable} (only its settings travel), so a Spark job can ship it to executors, which build
 * their own clients on first use instead of capturing a client in a closure.
 *
 * <p>When {@link ReconSettings#cacheEnabled()} is false, {@link #artifactCache()} returns a {@link
 * NoOpArtifactCache} (every read a miss, nothing stored) rather than null, so callers never branch
 * on "is there a cache": reads fall back to the object store exactly as on a cache miss.
 */
public final class AwsClientFactory implements AutoCloseable, Serializable {
  private static final long serialVersionUID = 1L;

  private final ReconSettings settings;
  private transient volatile S3Client s3;
  private transient volatile DynamoDbClient dynamoDb;
  private transient volatile JedisPooled jedis;
  private transient AtomicBoolean closed = new AtomicBoolean();

  /** The factory whose clients this one shares ({@link #forTenant}); null when it owns its own. */
  private final transient AwsClientFactory root;

  public AwsClientFactory(ReconSettings settings) {
    this(settings, null);
  }

  private AwsClientFactory(ReconSettings settings, AwsClientFactory root) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.root = root;
  }

  /**
   * A factory for {@code tenant} sharing this one's clients: its ports are scoped to the tenant
   * ({@link Tenants}). Closing it does nothing (the clients are this factory's); serialized, it
   * travels as its settings, as any factory does.
   */
  public AwsClientFactory forTenant(TenantId tenant) {
    if (tenant.equals(settings.tenant())) {
      return this;
    }
    return new AwsClientFactory(settings.withTenant(tenant), root == null ? this : root);
  }

  /** The tenant this factory's ports are scoped to. */
  public TenantId tenant() {
    return settings.tenant();
  }

  public ReconSettings settings() {
    return settings;
  }

  /** The shared S3 client (built on first use). */
  public S3Client s3() {
    if (root != null) {
      return root.s3();
    }
    S3Client c = s3;
    if (c == null) {
      synchronized (this) {
        checkOpen();
        if (s3 == null) {
          s3 = buildS3(settings);
        }
        c = s3;
      }
    }
    return c;
  }

  /** The shared DynamoDB client (built on first use). */
  public DynamoDbClient dynamoDb() {
    if (root != null) {
      return root.dynamoDb();
    }
    DynamoDbClient c = dynamoDb;
    if (c == null) {
      synchronized (this) {
        checkOpen();
        if (dynamoDb == null) {
          dynamoDb = buildDynamoDb(settings);
        }
        c = dynamoDb;
      }
    }
    return c;
  }

  /**
   * The shared Redis pool (built on first use).
   *
   * @throws IllegalStateException when no Redis URI is configured
   */
  public JedisPooled jedis() {
    if (root != null) {
      return root.jedis();
    }
    JedisPooled c = jedis;
    if (c == null) {
      synchronized (this) {
        checkOpen();
        if (jedis == null) {
          jedis = buildJedis(settings);
        }
        c = jedis;
      }
    }
    return c;
  }

  /**
   * The S3 object store, wrapped so connection failures the SDK's retry stage never sees are
   * retried too ({@link RetryingObjectStore}, aws/aws-sdk-java-v2#7347).
   */
  /** The object store, scoped to this factory's tenant. */
  public ObjectStore objectStore() {
    return Tenants.scope(sharedObjectStore(), tenant());
  }

  /** The artifact index, scoped to this factory's tenant. */
  public ArtifactIndex artifactIndex() {
    return Tenants.scope(sharedArtifactIndex(), tenant());
  }

  /** The ledger, scoped to this factory's tenant. */
  public BatchLedger batchLedger() {
    return Tenants.scope(sharedBatchLedger(), tenant());
  }

  /** The artifact cache, scoped to this factory's tenant. */
  public ArtifactCache artifactCache() {
    return Tenants.scope(sharedArtifactCache(), tenant());
  }

  /**
   * Every tenant's objects, unscoped: for what works across tenants (finding the tenants with
   * input, routing a notification to its tenant), never for a stage's own reads and writes.
   */
  public ObjectStore sharedObjectStore() {
    return new RetryingObjectStore(new S3ObjectStore(s3(), settings));
  }

  /** Every tenant's index entries, unscoped (see {@link #sharedObjectStore}). */
  public ArtifactIndex sharedArtifactIndex() {
    return new DynamoDbArtifactIndex(dynamoDb(), settings.indexTable());
  }

  /** Every tenant's ledger records, unscoped (see {@link #sharedObjectStore}). */
  public BatchLedger sharedBatchLedger() {
    return new DynamoDbBatchLedger(dynamoDb(), settings.ledgerTable());
  }

  /** Every tenant's cache entries, unscoped (see {@link #sharedObjectStore}). */
  public ArtifactCache sharedArtifactCache() {
    if (!settings.cacheEnabled()) {
      return NoOpArtifactCache.INSTANCE;
    }
    return new JedisArtifactCache(jedis(), settings, RedisBreaker.forEndpoint(settings.redisUri()));
  }

  /** Builds a new S3 client; the caller owns (and closes) it. */
  public static S3Client buildS3(ReconSettings settings) {
    S3ClientBuilder b =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            .httpClient(httpClient(settings))
            .overrideConfiguration(overrides(settings));
    if (settings.s3Endpoint() != null) {
      b.endpointOverride(URI.create(settings.s3Endpoint()))
          // Local servers do not resolve <bucket>.<host> names.
          .forcePathStyle(true)
          // S3-compatible servers lag behind the SDK's default trailing CRC checksums (aws-chunked
          // uploads); only send/validate checksums when an operation requires them.
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return b.build();
  }

  /** Builds a new DynamoDB client; the caller owns (and closes) it. */
  public static DynamoDbClient buildDynamoDb(ReconSettings settings) {
    DynamoDbClientBuilder b =
        DynamoDbClient.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            .httpClient(httpClient(settings))
            .overrideConfiguration(overrides(settings));
    if (settings.dynamoDbEndpoint() != null) {
      b.endpointOverride(URI.create(settings.dynamoDbEndpoint()));
    }
    return b.build();
  }

  /**
   * Builds a new Redis pool from {@code redis://host:port} or {@code rediss://host:port} (TLS, as
   * ElastiCache in-transit encryption requires). The AUTH token comes from the settings, else from
   * the Secrets Manager secret they name (EMR), else from the URI's user-info.
   */
  public static JedisPooled buildJedis(ReconSettings settings) {
    if (!settings.cacheEnabled()) {
      throw new IllegalStateException("no Redis URI configured (" + ReconSettings.REDIS_URI + ")");
    }
    RedisEndpoint endpoint = RedisEndpoint.parse(settings.redisUri());
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.apiCallAttemptTimeout().toMillis());
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .ssl(endpoint.tls())
            .connectionTimeoutMillis(timeoutMs)
            .socketTimeoutMillis(timeoutMs)
            .clientName("recon");
    String password =
        settings.redisAuthToken() != null
            ? settings.redisAuthToken()
            : settings.redisAuthSecretArn() != null
                ? RedisAuthSecret.fetch(settings)
                : endpoint.password();
    if (password != null) {
      config.password(password);
      if (endpoint.user() != null) {
        config.user(endpoint.user());
      }
    }
    if (endpoint.database() != 0) {
      config.database(endpoint.database());
    }
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(32);
    pool.setMaxIdle(8);
    pool.setJmxEnabled(false);
    return new JedisPooled(pool, new HostAndPort(endpoint.host(), endpoint.port()), config.build());
  }

  /**
   * Applies recon's region, credentials, HTTP client, timeouts and retries to the builder of a
   * client this module does not build itself (the Spark drivers' CloudWatch Logs client: its SDK
   * module stays out of the Lambda jars).
   */
  public static <
          B extends
              software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
                  & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>>
      B configure(B builder, ReconSettings settings) {
    builder.region(Region.of(settings.region())).credentialsProvider(credentials(settings));
    builder.httpClient(httpClient(settings));
    builder.overrideConfiguration(overrides(settings));
    return builder;
  }

  static AwsCredentialsProvider credentials(ReconSettings settings) {
    if (settings.staticCredentialsEnabled()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  static SdkHttpClient httpClient(ReconSettings settings) {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(settings.apiCallAttemptTimeout())
        .socketTimeout(settings.apiCallAttemptTimeout())
        .build();
  }

  static ClientOverrideConfiguration overrides(ReconSettings settings) {
    return ClientOverrideConfiguration.builder()
        .apiCallTimeout(settings.apiCallTimeout())
        .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
        // Standard strategy: retries throttling, 5xx and I/O errors with jittered backoff;
        // maxAttempts counts the first try.
        .retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.maxRetries() + 1)
                .build())
        .build();
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("AwsClientFactory is closed");
    }
  }

  /** Closes every client built so far. Idempotent. */
  @Override
  public void close() {
    if (root != null || !closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      RuntimeException failure = null;
      for (AutoCloseable c : new AutoCloseable[] {s3, dynamoDb, jedis}) {
        if (c == null) {
          continue;
        }
        try {
          c.close();
        } catch (Exception e) {
          if (failure == null) {
            failure = new IllegalStateException("closing clients failed", e);
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      s3 = null;
      dynamoDb = null;
      jedis = null;
      if (failure != null) {
        throw failure;
      }
    }
  }

  private Object readResolve() {
    // Transient state is not restored by deserialization: start a fresh, open factory.
    return new AwsClientFactory(settings);
  }
}
