package dev.recon.core.config;

import dev.recon.core.tenant.TenantId;
import dev.recon.core.watermark.Watermarks;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting recon reads, parsed once into a typed, immutable, serializable object. This is the
 * only class that reads environment variables ({@link #fromEnvironment()}); everything else is
 * handed a {@code ReconSettings}. Endpoints and credentials are overridable for local use; on AWS
 * they stay unset and the SDK's default region and credential chains apply.
 */
public final class ReconSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String ENVIRONMENT = "RECON_ENVIRONMENT";
  public static final String ENVIRONMENT_DEFAULT = "local";
  public static final String REGION = "RECON_REGION";
  public static final String REGION_DEFAULT = "us-east-1";
  public static final String BUCKET = "RECON_BUCKET";
  public static final String BUCKET_DEFAULT = "recon-local";

  /** Key prefix inside the bucket; defaults to the environment name. */
  public static final String PREFIX = "RECON_PREFIX";

  public static final String S3_ENDPOINT = "RECON_S3_ENDPOINT";
  public static final String DYNAMODB_ENDPOINT = "RECON_DYNAMODB_ENDPOINT";

  /** Local only: static credentials for the embedded stack. Unset on AWS (default chain). */
  public static final String ACCESS_KEY_ID = "RECON_ACCESS_KEY_ID";

  public static final String SECRET_ACCESS_KEY = "RECON_SECRET_ACCESS_KEY";
  public static final String INDEX_TABLE = "RECON_INDEX_TABLE";
  public static final String LEDGER_TABLE = "RECON_LEDGER_TABLE";

  /** redis://host:port or rediss://host:port (TLS). Unset: run without a cache. */
  public static final String REDIS_URI = "RECON_REDIS_URI";

  /** Redis AUTH token; on AWS injected from Secrets Manager into the function's environment. */
  public static final String REDIS_AUTH_TOKEN = "RECON_REDIS_AUTH_TOKEN";

  /**
   * Where the Redis AUTH token is kept when it is not in the environment: a Secrets Manager secret
   * {@code {"token": "…"}} (EMR: the cluster configuration carries the ARN, never the token).
   * Ignored when {@link #REDIS_AUTH_TOKEN} is set.
   */
  public static final String REDIS_AUTH_SECRET_ARN = "RECON_REDIS_AUTH_SECRET_ARN";

  public static final String CACHE_TTL_SECONDS = "RECON_CACHE_TTL_SECONDS";
  public static final long CACHE_TTL_SECONDS_DEFAULT = 7 * 24 * 3600L;
  public static final String CACHE_MAX_BYTES = "RECON_CACHE_MAX_BYTES";
  public static final int CACHE_MAX_BYTES_DEFAULT = 512 * 1024;
  public static final String API_CALL_TIMEOUT_MS = "RECON_API_CALL_TIMEOUT_MS";
  public static final long API_CALL_TIMEOUT_MS_DEFAULT = 30_000;
  public static final String API_CALL_ATTEMPT_TIMEOUT_MS = "RECON_API_CALL_ATTEMPT_TIMEOUT_MS";
  public static final long API_CALL_ATTEMPT_TIMEOUT_MS_DEFAULT = 10_000;
  public static final String MAX_RETRIES = "RECON_MAX_RETRIES";
  public static final int MAX_RETRIES_DEFAULT = 5;

  /**
   * CloudWatch Logs group the Spark drivers send their EMF metric lines to; unset (local mode): the
   * drivers record metrics in the ledger only.
   */
  public static final String METRICS_LOG_GROUP = "RECON_METRICS_LOG_GROUP";

  /**
   * The tenant whose data the ports of a process (a job run, a Lambda invocation) read and write
   * (DESIGN §10); {@code default} when unset. A deployment serves every tenant: the workflows pass
   * each run's tenant explicitly ({@link #withTenant}), so this is set only to pin a process.
   */
  public static final String TENANT = "RECON_TENANT";

  /**
   * A price table file (the JSON format of {@code dev/recon/core/cost/aws-us-east-1.json}) that
   * replaces the bundled one for the cost each batch records; unset: the bundled table.
   */
  public static final String PRICE_TABLE = "RECON_PRICE_TABLE";

  public static final String TOLERANCE = "RECON_TOLERANCE";
  public static final String AGING_DAYS = "RECON_AGING_DAYS";

  /**
   * How far behind the newest event of its source an event may arrive (ISO-8601, e.g. {@code
   * PT1H}): a source's watermark is its highest event time minus this. Used by completeness.
   */
  public static final String ALLOWED_LATENESS = "RECON_ALLOWED_LATENESS";

  public static final Duration ALLOWED_LATENESS_DEFAULT = Watermarks.ALLOWED_LATENESS_DEFAULT;

  /**
   * How far after its input batch's window end an event time may lie (ISO-8601 duration, e.g.
   * {@code PT24H}, the default): a later event is quarantined as BAD_TIMESTAMP, so it can never
   * move a watermark. Carried to the validator in {@link RulesConfig#maxEventTimeSkew()}.
   */
  public static final String MAX_EVENT_TIME_SKEW = "RECON_MAX_EVENT_TIME_SKEW";

  public static final Duration MAX_EVENT_TIME_SKEW_DEFAULT =
      RulesConfig.MAX_EVENT_TIME_SKEW_DEFAULT;

  private final String environment;
  private final String region;
  private final String bucket;
  private final String prefix;
  private final String s3Endpoint;
  private final String dynamoDbEndpoint;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String indexTable;
  private final String ledgerTable;
  private final String redisUri;
  private final String redisAuthToken;
  private final String redisAuthSecretArn;
  private final long cacheTtlSeconds;
  private final int cacheMaxBytes;
  private final long apiCallTimeoutMs;
  private final long apiCallAttemptTimeoutMs;
  private final int maxRetries;
  private final RulesConfig rules;
  private final Duration allowedLateness;
  private final String metricsLogGroup;
  private final TenantId tenant;
  private final String priceTable;

  private ReconSettings(Builder b) {
    this.environment = requireText(b.environment, "environment");
    this.region = requireText(b.region, "region");
    this.bucket = requireText(b.bucket, "bucket");
    this.prefix = b.prefix == null ? environment : b.prefix;
    this.s3Endpoint = blankToNull(b.s3Endpoint);
    this.dynamoDbEndpoint = blankToNull(b.dynamoDbEndpoint);
    this.accessKeyId = blankToNull(b.accessKeyId);
    this.secretAccessKey = blankToNull(b.secretAccessKey);
    this.indexTable = b.indexTable == null ? "recon-" + environment + "-index" : b.indexTable;
    this.ledgerTable = b.ledgerTable == null ? "recon-" + environment + "-ledger" : b.ledgerTable;
    this.redisUri = blankToNull(b.redisUri);
    this.redisAuthToken = blankToNull(b.redisAuthToken);
    this.redisAuthSecretArn = blankToNull(b.redisAuthSecretArn);
    this.cacheTtlSeconds = b.cacheTtlSeconds;
    this.cacheMaxBytes = b.cacheMaxBytes;
    this.apiCallTimeoutMs = b.apiCallTimeoutMs;
    this.apiCallAttemptTimeoutMs = b.apiCallAttemptTimeoutMs;
    this.maxRetries = b.maxRetries;
    this.rules = Objects.requireNonNull(b.rules, "rules");
    this.allowedLateness = Watermarks.requireAllowedLateness(b.allowedLateness);
    this.metricsLogGroup = blankToNull(b.metricsLogGroup);
    this.tenant = Objects.requireNonNull(b.tenant, "tenant");
    this.priceTable = blankToNull(b.priceTable);
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "set both access key id and secret access key, or neither");
    }
    if (cacheTtlSeconds < 1 || cacheMaxBytes < 0 || maxRetries < 0) {
      throw new IllegalArgumentException("bad cache or retry settings");
    }
  }

  /** Reads the process environment. The only place in recon that does. */
  public static ReconSettings fromEnvironment() {
    return fromMap(System.getenv());
  }

  /** Parses settings from a map of RECON_* variables; unknown keys are ignored. */
  public static ReconSettings fromMap(Map<String, String> env) {
    Builder b = builder();
    opt(env, ENVIRONMENT).ifPresent(b::environment);
    opt(env, REGION).ifPresent(b::region);
    opt(env, BUCKET).ifPresent(b::bucket);
    opt(env, PREFIX).ifPresent(b::prefix);
    opt(env, TENANT).ifPresent(t -> b.tenant(TenantId.of(t)));
    opt(env, S3_ENDPOINT).ifPresent(b::s3Endpoint);
    opt(env, DYNAMODB_ENDPOINT).ifPresent(b::dynamoDbEndpoint);
    opt(env, ACCESS_KEY_ID).ifPresent(b::accessKeyId);
    opt(env, SECRET_ACCESS_KEY).ifPresent(b::secretAccessKey);
    opt(env, INDEX_TABLE).ifPresent(b::indexTable);
    opt(env, LEDGER_TABLE).ifPresent(b::ledgerTable);
    opt(env, REDIS_URI).ifPresent(b::redisUri);
    opt(env, REDIS_AUTH_TOKEN).ifPresent(b::redisAuthToken);
    opt(env, REDIS_AUTH_SECRET_ARN).ifPresent(b::redisAuthSecretArn);
    opt(env, CACHE_TTL_SECONDS).map(Long::parseLong).ifPresent(b::cacheTtlSeconds);
    opt(env, CACHE_MAX_BYTES).map(Integer::parseInt).ifPresent(b::cacheMaxBytes);
    opt(env, API_CALL_TIMEOUT_MS).map(Long::parseLong).ifPresent(b::apiCallTimeoutMs);
    opt(env, API_CALL_ATTEMPT_TIMEOUT_MS)
        .map(Long::parseLong)
        .ifPresent(b::apiCallAttemptTimeoutMs);
    opt(env, MAX_RETRIES).map(Integer::parseInt).ifPresent(b::maxRetries);
    opt(env, METRICS_LOG_GROUP).ifPresent(b::metricsLogGroup);
    opt(env, PRICE_TABLE).ifPresent(b::priceTable);
    RulesConfig rules = RulesConfig.DEFAULTS;
    if (opt(env, TOLERANCE).isPresent()) {
      rules = rules.withTolerance(new BigDecimal(env.get(TOLERANCE).trim()));
    }
    if (opt(env, AGING_DAYS).isPresent()) {
      rules = rules.withAgingThreshold(Duration.ofDays(Long.parseLong(env.get(AGING_DAYS).trim())));
    }
    if (opt(env, MAX_EVENT_TIME_SKEW).isPresent()) {
      Duration skew = duration(MAX_EVENT_TIME_SKEW, env.get(MAX_EVENT_TIME_SKEW).trim());
      if (skew.isNegative()) {
        throw new IllegalArgumentException(MAX_EVENT_TIME_SKEW + " must not be negative: " + skew);
      }
      rules = rules.withMaxEventTimeSkew(skew);
    }
    if (opt(env, ALLOWED_LATENESS).isPresent()) {
      b.allowedLateness(duration(ALLOWED_LATENESS, env.get(ALLOWED_LATENESS).trim()));
    }
    return b.rules(rules).build();
  }

  private static java.util.Optional<String> opt(Map<String, String> env, String key) {
    String v = env.get(key);
    return v == null || v.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(v.trim());
  }

  private static Duration duration(String name, String text) {
    try {
      return Duration.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " must be an ISO-8601 duration such as PT1H: " + text, e);
    }
  }

  private static String requireText(String v, String name) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + " must be set");
    }
    return v;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.environment = environment;
    b.region = region;
    b.bucket = bucket;
    b.prefix = prefix;
    b.s3Endpoint = s3Endpoint;
    b.dynamoDbEndpoint = dynamoDbEndpoint;
    b.accessKeyId = accessKeyId;
    b.secretAccessKey = secretAccessKey;
    b.indexTable = indexTable;
    b.ledgerTable = ledgerTable;
    b.redisUri = redisUri;
    b.redisAuthToken = redisAuthToken;
    b.redisAuthSecretArn = redisAuthSecretArn;
    b.cacheTtlSeconds = cacheTtlSeconds;
    b.cacheMaxBytes = cacheMaxBytes;
    b.apiCallTimeoutMs = apiCallTimeoutMs;
    b.apiCallAttemptTimeoutMs = apiCallAttemptTimeoutMs;
    b.maxRetries = maxRetries;
    b.rules = rules;
    b.allowedLateness = allowedLateness;
    b.metricsLogGroup = metricsLogGroup;
    b.tenant = tenant;
    b.priceTable = priceTable;
    return b;
  }

  public String environment() {
    return environment;
  }

  public String region() {
    return region;
  }

  public String bucket() {
    return bucket;
  }

  public String prefix() {
    return prefix;
  }

  /** Null on AWS (default endpoint). */
  public String s3Endpoint() {
    return s3Endpoint;
  }

  /** Null on AWS (default endpoint). */
  public String dynamoDbEndpoint() {
    return dynamoDbEndpoint;
  }

  public String accessKeyId() {
    return accessKeyId;
  }

  public String secretAccessKey() {
    return secretAccessKey;
  }

  public boolean staticCredentialsEnabled() {
    return accessKeyId != null;
  }

  public String indexTable() {
    return indexTable;
  }

  public String ledgerTable() {
    return ledgerTable;
  }

  /** Null: no cache configured. */
  public String redisUri() {
    return redisUri;
  }

  public String redisAuthToken() {
    return redisAuthToken;
  }

  /** See {@link #REDIS_AUTH_SECRET_ARN}; null when unset. */
  public String redisAuthSecretArn() {
    return redisAuthSecretArn;
  }

  public boolean cacheEnabled() {
    return redisUri != null;
  }

  public long cacheTtlSeconds() {
    return cacheTtlSeconds;
  }

  public int cacheMaxBytes() {
    return cacheMaxBytes;
  }

  public Duration apiCallTimeout() {
    return Duration.ofMillis(apiCallTimeoutMs);
  }

  public Duration apiCallAttemptTimeout() {
    return Duration.ofMillis(apiCallAttemptTimeoutMs);
  }

  public int maxRetries() {
    return maxRetries;
  }

  public RulesConfig rules() {
    return rules;
  }

  /** How late an event may arrive behind its source's newest; see {@link #ALLOWED_LATENESS}. */
  public Duration allowedLateness() {
    return allowedLateness;
  }

  /** The Spark drivers' EMF log group, or null (see {@link #METRICS_LOG_GROUP}). */
  public String metricsLogGroup() {
    return metricsLogGroup;
  }

  /** The tenant this process's ports are scoped to ({@link #TENANT}). */
  public TenantId tenant() {
    return tenant;
  }

  /** These settings for another tenant: the same stores, scoped to {@code next}. */
  public ReconSettings withTenant(TenantId next) {
    return next.equals(tenant) ? this : toBuilder().tenant(next).build();
  }

  /** The price table file, or null for the bundled table (see {@link #PRICE_TABLE}). */
  public String priceTable() {
    return priceTable;
  }

  /** Value equality over every setting, so executors can share one set of clients per settings. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ReconSettings s)) {
      return false;
    }
    return cacheTtlSeconds == s.cacheTtlSeconds
        && cacheMaxBytes == s.cacheMaxBytes
        && apiCallTimeoutMs == s.apiCallTimeoutMs
        && apiCallAttemptTimeoutMs == s.apiCallAttemptTimeoutMs
        && maxRetries == s.maxRetries
        && environment.equals(s.environment)
        && region.equals(s.region)
        && bucket.equals(s.bucket)
        && prefix.equals(s.prefix)
        && Objects.equals(s3Endpoint, s.s3Endpoint)
        && Objects.equals(dynamoDbEndpoint, s.dynamoDbEndpoint)
        && Objects.equals(accessKeyId, s.accessKeyId)
        && Objects.equals(secretAccessKey, s.secretAccessKey)
        && indexTable.equals(s.indexTable)
        && ledgerTable.equals(s.ledgerTable)
        && Objects.equals(redisUri, s.redisUri)
        && Objects.equals(redisAuthToken, s.redisAuthToken)
        && rules.equals(s.rules)
        && Objects.equals(redisAuthSecretArn, s.redisAuthSecretArn)
        && allowedLateness.equals(s.allowedLateness)
        && Objects.equals(metricsLogGroup, s.metricsLogGroup)
        && tenant.equals(s.tenant)
        && Objects.equals(priceTable, s.priceTable);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        environment,
        region,
        bucket,
        prefix,
        s3Endpoint,
        dynamoDbEndpoint,
        accessKeyId,
        indexTable,
        ledgerTable,
        redisUri,
        cacheTtlSeconds,
        cacheMaxBytes,
        rules,
        tenant);
  }

  @Override
  public String toString() {
    // Never print secrets.
    return "ReconSettings{environment="
        + environment
        + ", region="
        + region
        + ", bucket="
        + bucket
        + ", prefix="
        + prefix
        + ", s3Endpoint="
        + s3Endpoint
        + ", dynamoDbEndpoint="
        + dynamoDbEndpoint
        + ", indexTable="
        + indexTable
        + ", ledgerTable="
        + ledgerTable
        + ", redisUri="
        + redisUri
        + ", tenant="
        + tenant
        + ", staticCredentials="
        + staticCredentialsEnabled()
        + "}";
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private String environment = ENVIRONMENT_DEFAULT;
    private String region = REGION_DEFAULT;
    private String bucket = BUCKET_DEFAULT;
    private String prefix;
    private String s3Endpoint;
    private String dynamoDbEndpoint;
    private String accessKeyId;
    private String secretAccessKey;
    private String indexTable;
    private String ledgerTable;
    private String redisUri;
    private String redisAuthToken;
    private String redisAuthSecretArn;
    private long cacheTtlSeconds = CACHE_TTL_SECONDS_DEFAULT;
    private int cacheMaxBytes = CACHE_MAX_BYTES_DEFAULT;
    private long apiCallTimeoutMs = API_CALL_TIMEOUT_MS_DEFAULT;
    private long apiCallAttemptTimeoutMs = API_CALL_ATTEMPT_TIMEOUT_MS_DEFAULT;
    private int maxRetries = MAX_RETRIES_DEFAULT;
    private RulesConfig rules = RulesConfig.DEFAULTS;
    private Duration allowedLateness = ALLOWED_LATENESS_DEFAULT;
    private String metricsLogGroup;
    private TenantId tenant = TenantId.DEFAULT;
    private String priceTable;

    private Builder() {}

    public Builder tenant(TenantId v) {
      tenant = v;
      return this;
    }

    public Builder environment(String v) {
      environment = v;
      return this;
    }

    public Builder region(String v) {
      region = v;
      return this;
    }

    public Builder bucket(String v) {
      bucket = v;
      return this;
    }

    public Builder prefix(String v) {
      prefix = v;
      return this;
    }

    public Builder s3Endpoint(String v) {
      s3Endpoint = v;
      return this;
    }

    public Builder dynamoDbEndpoint(String v) {
      dynamoDbEndpoint = v;
      return this;
    }

    public Builder accessKeyId(String v) {
      accessKeyId = v;
      return this;
    }

    public Builder secretAccessKey(String v) {
      secretAccessKey = v;
      return this;
    }

    public Builder indexTable(String v) {
      indexTable = v;
      return this;
    }

    public Builder ledgerTable(String v) {
      ledgerTable = v;
      return this;
    }

    public Builder redisUri(String v) {
      redisUri = v;
      return this;
    }

    public Builder redisAuthToken(String v) {
      redisAuthToken = v;
      return this;
    }

    public Builder redisAuthSecretArn(String v) {
      redisAuthSecretArn = v;
      return this;
    }

    public Builder cacheTtlSeconds(long v) {
      cacheTtlSeconds = v;
      return this;
    }

    public Builder cacheMaxBytes(int v) {
      cacheMaxBytes = v;
      return this;
    }

    public Builder apiCallTimeoutMs(long v) {
      apiCallTimeoutMs = v;
      return this;
    }

    public Builder apiCallAttemptTimeoutMs(long v) {
      apiCallAttemptTimeoutMs = v;
      return this;
    }

    public Builder maxRetries(int v) {
      maxRetries = v;
      return this;
    }

    public Builder rules(RulesConfig v) {
      rules = v;
      return this;
    }

    public Builder allowedLateness(Duration v) {
      allowedLateness = v;
      return this;
    }

    public Builder metricsLogGroup(String v) {
      metricsLogGroup = v;
      return this;
    }

    public Builder priceTable(String v) {
      priceTable = v;
      return this;
    }

    public ReconSettings build() {
      return new ReconSettings(this);
    }
  }
}
