package dev.recon.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.tenant.TenantId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconSettingsTest {

  @Test
  void fromMap_shouldApplyDefaults_whenNothingIsSet() {
    ReconSettings s = ReconSettings.fromMap(Map.of());
    assertThat(s.environment()).isEqualTo("local");
    assertThat(s.prefix()).isEqualTo("local");
    assertThat(s.indexTable()).isEqualTo("recon-local-index");
    assertThat(s.s3Endpoint()).isNull();
    assertThat(s.cacheEnabled()).isFalse();
    assertThat(s.rules()).isEqualTo(RulesConfig.DEFAULTS);
  }

  @Test
  void fromMap_shouldParseEveryOverride() {
    ReconSettings s =
        ReconSettings.fromMap(
            Map.of(
                "RECON_ENVIRONMENT",
                "prod",
                "RECON_BUCKET",
                "b",
                "RECON_S3_ENDPOINT",
                "http://127.0.0.1:9000",
                "RECON_REDIS_URI",
                "rediss://cache:6379",
                "RECON_TOLERANCE",
                "0.01",
                "RECON_AGING_DAYS",
                "7",
                "RECON_ACCESS_KEY_ID",
                "k",
                "RECON_SECRET_ACCESS_KEY",
                "s3cr3t",
                "RECON_CACHE_MAX_BYTES",
                "1024"));
    assertThat(s.prefix()).isEqualTo("prod");
    assertThat(s.ledgerTable()).isEqualTo("recon-prod-ledger");
    assertThat(s.cacheEnabled()).isTrue();
    assertThat(s.cacheMaxBytes()).isEqualTo(1024);
    assertThat(s.rules().tolerance()).isEqualByComparingTo(new BigDecimal("0.01"));
    assertThat(s.rules().agingThreshold()).isEqualTo(Duration.ofDays(7));
    assertThat(s.staticCredentialsEnabled()).isTrue();
    assertThat(s.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void fromMap_shouldReadTheAllowedLateness_defaultingToAnHour_andRefuseBadValues() {
    assertThat(ReconSettings.fromMap(Map.of()).allowedLateness()).isEqualTo(Duration.ofHours(1));
    ReconSettings s = ReconSettings.fromMap(Map.of("RECON_ALLOWED_LATENESS", "PT15M"));
    assertThat(s.allowedLateness()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s).isNotEqualTo(ReconSettings.fromMap(Map.of()));
    assertThat(s.toBuilder().build().allowedLateness()).isEqualTo(Duration.ofMinutes(15));
    assertThatThrownBy(() -> ReconSettings.fromMap(Map.of("RECON_ALLOWED_LATENESS", "1h")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RECON_ALLOWED_LATENESS");
    assertThatThrownBy(() -> ReconSettings.fromMap(Map.of("RECON_ALLOWED_LATENESS", "-PT1H")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowed lateness");
  }

  @Test
  void fromMap_shouldReadTheMaxEventTimeSkew_defaultingTo24Hours_andRefuseBadValues() {
    assertThat(ReconSettings.fromMap(Map.of()).rules().maxEventTimeSkew())
        .isEqualTo(Duration.ofHours(24));
    assertThat(
            ReconSettings.fromMap(Map.of("RECON_MAX_EVENT_TIME_SKEW", "PT2H"))
                .rules()
                .maxEventTimeSkew())
        .isEqualTo(Duration.ofHours(2));
    assertThatThrownBy(() -> ReconSettings.fromMap(Map.of("RECON_MAX_EVENT_TIME_SKEW", "2h")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RECON_MAX_EVENT_TIME_SKEW");
    assertThatThrownBy(() -> ReconSettings.fromMap(Map.of("RECON_MAX_EVENT_TIME_SKEW", "-PT1H")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RECON_MAX_EVENT_TIME_SKEW");
  }

  @Test
  void build_shouldRefuse_whenOnlyHalfTheCredentialsAreSet() {
    assertThatThrownBy(() -> ReconSettings.builder().accessKeyId("k").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settings_shouldSurviveJavaSerialization_forSparkExecutors() throws Exception {
    ReconSettings s = ReconSettings.builder().bucket("b").redisUri("redis://h:1").build();
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
      out.writeObject(s);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bos.toByteArray()))) {
      ReconSettings back = (ReconSettings) in.readObject();
      assertThat(back).isEqualTo(s).hasSameHashCodeAs(s);
      assertThat(back).isNotEqualTo(s.toBuilder().bucket("other").build());
    }
  }

  @Test
  void fromMap_shouldApplyEveryDocumentedDefault_whenNothingIsSet() {
    // GIVEN an empty environment
    ReconSettings s = ReconSettings.fromMap(Map.of());
    // THEN every value is the documented default, and nothing optional is set
    assertThat(s.region()).isEqualTo("us-east-1");
    assertThat(s.bucket()).isEqualTo("recon-local");
    assertThat(s.ledgerTable()).isEqualTo("recon-local-ledger");
    assertThat(s.tenant()).isEqualTo(TenantId.of("default"));
    assertThat(s.cacheTtlSeconds()).isEqualTo(604_800L); // 7 days
    assertThat(s.cacheMaxBytes()).isEqualTo(524_288); // 512 KiB
    assertThat(s.apiCallTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.maxRetries()).isEqualTo(5);
    assertThat(s.dynamoDbEndpoint()).isNull();
    assertThat(s.accessKeyId()).isNull();
    assertThat(s.secretAccessKey()).isNull();
    assertThat(s.staticCredentialsEnabled()).isFalse();
    assertThat(s.redisUri()).isNull();
    assertThat(s.redisAuthToken()).isNull();
    assertThat(s.redisAuthSecretArn()).isNull();
    assertThat(s.metricsLogGroup()).isNull();
    assertThat(s.priceTable()).isNull();
  }

  @Test
  void fromMap_shouldReadEveryVariable_trimmed_whenAllAreSet() {
    // GIVEN every RECON_* variable, each with its own value and surrounding blanks
    Map<String, String> env = new HashMap<>();
    env.put("RECON_ENVIRONMENT", " staging ");
    env.put("RECON_REGION", "eu-west-1 ");
    env.put("RECON_BUCKET", " recon-b");
    env.put("RECON_PREFIX", "tenants/x");
    env.put("RECON_TENANT", "acme");
    env.put("RECON_S3_ENDPOINT", "http://s3:9000");
    env.put("RECON_DYNAMODB_ENDPOINT", "http://ddb:8000");
    env.put("RECON_ACCESS_KEY_ID", "AKID");
    env.put("RECON_SECRET_ACCESS_KEY", "s3cr3t");
    env.put("RECON_INDEX_TABLE", "idx-t");
    env.put("RECON_LEDGER_TABLE", "ledger-t");
    env.put("RECON_REDIS_URI", "rediss://cache:6380");
    env.put("RECON_REDIS_AUTH_TOKEN", "t0ken");
    env.put("RECON_REDIS_AUTH_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:r");
    env.put("RECON_CACHE_TTL_SECONDS", " 3600 ");
    env.put("RECON_CACHE_MAX_BYTES", "2048");
    env.put("RECON_API_CALL_TIMEOUT_MS", "45000");
    env.put("RECON_API_CALL_ATTEMPT_TIMEOUT_MS", "7000");
    env.put("RECON_MAX_RETRIES", "2");
    env.put("RECON_METRICS_LOG_GROUP", "/recon/metrics");
    env.put("RECON_PRICE_TABLE", "/etc/recon/prices.json");
    env.put("RECON_TOLERANCE", " 0.25 ");
    env.put("RECON_AGING_DAYS", " 3 ");
    env.put("RECON_UNKNOWN", "ignored");

    ReconSettings s = ReconSettings.fromMap(env);

    // THEN each one lands in its own setting
    assertThat(s.environment()).isEqualTo("staging");
    assertThat(s.region()).isEqualTo("eu-west-1");
    assertThat(s.bucket()).isEqualTo("recon-b");
    assertThat(s.prefix()).isEqualTo("tenants/x");
    assertThat(s.tenant()).isEqualTo(TenantId.of("acme"));
    assertThat(s.s3Endpoint()).isEqualTo("http://s3:9000");
    assertThat(s.dynamoDbEndpoint()).isEqualTo("http://ddb:8000");
    assertThat(s.accessKeyId()).isEqualTo("AKID");
    assertThat(s.secretAccessKey()).isEqualTo("s3cr3t");
    assertThat(s.indexTable()).isEqualTo("idx-t");
    assertThat(s.ledgerTable()).isEqualTo("ledger-t");
    assertThat(s.redisUri()).isEqualTo("rediss://cache:6380");
    assertThat(s.redisAuthToken()).isEqualTo("t0ken");
    assertThat(s.redisAuthSecretArn()).isEqualTo("arn:aws:secretsmanager:eu-west-1:1:secret:r");
    assertThat(s.cacheTtlSeconds()).isEqualTo(3600L);
    assertThat(s.cacheMaxBytes()).isEqualTo(2048);
    assertThat(s.apiCallTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(s.apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(s.maxRetries()).isEqualTo(2);
    assertThat(s.metricsLogGroup()).isEqualTo("/recon/metrics");
    assertThat(s.priceTable()).isEqualTo("/etc/recon/prices.json");
    assertThat(s.rules().tolerance()).isEqualByComparingTo("0.25");
    assertThat(s.rules().agingThreshold()).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void fromMap_shouldTreatBlankValuesAsUnset() {
    // GIVEN variables that are present but blank
    ReconSettings s =
        ReconSettings.fromMap(
            Map.of(
                "RECON_ENVIRONMENT", " ",
                "RECON_S3_ENDPOINT", "",
                "RECON_REDIS_URI", "  ",
                "RECON_CACHE_TTL_SECONDS", " ",
                "RECON_TOLERANCE", ""));
    // THEN they read as if they were absent
    assertThat(s.environment()).isEqualTo("local");
    assertThat(s.s3Endpoint()).isNull();
    assertThat(s.cacheEnabled()).isFalse();
    assertThat(s.cacheTtlSeconds()).isEqualTo(604_800L);
    assertThat(s).isEqualTo(ReconSettings.fromMap(Map.of()));
  }

  @Test
  void builder_shouldSetEveryValue_whenCallsAreChained() {
    ReconSettings s =
        ReconSettings.builder()
            .tenant(TenantId.of("acme"))
            .environment("dev")
            .region("eu-central-1")
            .bucket("bkt")
            .prefix("pre")
            .s3Endpoint("http://s3")
            .dynamoDbEndpoint("http://ddb")
            .accessKeyId("id")
            .secretAccessKey("secret")
            .indexTable("ix")
            .ledgerTable("lg")
            .redisUri("redis://r:1")
            .redisAuthToken("tok")
            .redisAuthSecretArn("arn:x")
            .cacheTtlSeconds(60)
            .cacheMaxBytes(100)
            .apiCallTimeoutMs(2_000)
            .apiCallAttemptTimeoutMs(500)
            .maxRetries(1)
            .rules(RulesConfig.DEFAULTS.withTolerance(new BigDecimal("1.5")))
            .allowedLateness(Duration.ofMinutes(5))
            .metricsLogGroup("lg-group")
            .priceTable("prices.json")
            .build();
    assertThat(s.tenant()).isEqualTo(TenantId.of("acme"));
    assertThat(s.environment()).isEqualTo("dev");
    assertThat(s.region()).isEqualTo("eu-central-1");
    assertThat(s.bucket()).isEqualTo("bkt");
    assertThat(s.prefix()).isEqualTo("pre");
    assertThat(s.s3Endpoint()).isEqualTo("http://s3");
    assertThat(s.dynamoDbEndpoint()).isEqualTo("http://ddb");
    assertThat(s.accessKeyId()).isEqualTo("id");
    assertThat(s.secretAccessKey()).isEqualTo("secret");
    assertThat(s.indexTable()).isEqualTo("ix");
    assertThat(s.ledgerTable()).isEqualTo("lg");
    assertThat(s.redisUri()).isEqualTo("redis://r:1");
    assertThat(s.redisAuthToken()).isEqualTo("tok");
    assertThat(s.redisAuthSecretArn()).isEqualTo("arn:x");
    assertThat(s.cacheTtlSeconds()).isEqualTo(60L);
    assertThat(s.cacheMaxBytes()).isEqualTo(100);
    assertThat(s.apiCallTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.apiCallAttemptTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.maxRetries()).isEqualTo(1);
    assertThat(s.rules().tolerance()).isEqualByComparingTo("1.5");
    assertThat(s.allowedLateness()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.metricsLogGroup()).isEqualTo("lg-group");
    assertThat(s.priceTable()).isEqualTo("prices.json");
    // AND toBuilder copies every one of them
    assertThat(s.toBuilder().build()).isEqualTo(s);
  }

  @Test
  void build_shouldAcceptTheSmallestLegalCacheAndRetryValues_andRefuseOneBelow() {
    // the smallest legal values: a TTL of 1 s, a cache of 0 bytes, no retries
    ReconSettings s =
        ReconSettings.builder().cacheTtlSeconds(1).cacheMaxBytes(0).maxRetries(0).build();
    assertThat(s.cacheTtlSeconds()).isEqualTo(1L);
    assertThat(s.cacheMaxBytes()).isZero();
    assertThat(s.maxRetries()).isZero();
    // one below each is refused
    assertThatThrownBy(() -> ReconSettings.builder().cacheTtlSeconds(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache or retry");
    assertThatThrownBy(() -> ReconSettings.builder().cacheMaxBytes(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache or retry");
    assertThatThrownBy(() -> ReconSettings.builder().maxRetries(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache or retry");
  }

  @Test
  void build_shouldRefuse_whenOnlyTheSecretIsSet_orARequiredValueIsBlank() {
    assertThatThrownBy(() -> ReconSettings.builder().secretAccessKey("s").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both");
    assertThatThrownBy(() -> ReconSettings.builder().bucket(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bucket must be set");
    assertThatThrownBy(() -> ReconSettings.builder().region(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("region must be set");
  }

  @Test
  void withTenant_shouldKeepEverySetting_andScopeOnlyTheTenant() {
    ReconSettings s = ReconSettings.builder().bucket("b").redisUri("redis://h:1").build();
    // the same tenant: these very settings
    assertThat(s.withTenant(TenantId.of("default"))).isSameAs(s);
    // another tenant: a copy that differs in the tenant only
    ReconSettings acme = s.withTenant(TenantId.of("acme"));
    assertThat(acme.tenant()).isEqualTo(TenantId.of("acme"));
    assertThat(acme.bucket()).isEqualTo("b");
    assertThat(acme.redisUri()).isEqualTo("redis://h:1");
    assertThat(acme).isNotEqualTo(s);
    assertThat(acme.withTenant(TenantId.DEFAULT)).isEqualTo(s);
  }

  @Test
  void equals_shouldHoldForItself_andNeverForAnotherType() {
    ReconSettings s = ReconSettings.fromMap(Map.of());
    assertThat(s.equals(s)).isTrue();
    assertThat(s.equals("ReconSettings")).isFalse();
    assertThat(s.equals(null)).isFalse();
  }

  @Test
  void hashCode_shouldTellSettingsApart_soExecutorsKeepOneClientSetPerSettings() {
    ReconSettings a = ReconSettings.builder().bucket("a").build();
    ReconSettings b = ReconSettings.builder().bucket("b").build();
    ReconSettings acme = a.withTenant(TenantId.of("acme"));
    assertThat(a.hashCode()).isEqualTo(ReconSettings.builder().bucket("a").build().hashCode());
    assertThat(java.util.Set.of(a.hashCode(), b.hashCode(), acme.hashCode())).hasSize(3);
  }

  @Test
  void toString_shouldNameTheStoresAndTenant_butNeverTheSecrets() {
    ReconSettings s =
        ReconSettings.builder()
            .bucket("bkt")
            .s3Endpoint("http://s3:9000")
            .accessKeyId("AKID")
            .secretAccessKey("s3cr3t")
            .redisAuthToken("t0ken")
            .tenant(TenantId.of("acme"))
            .build();
    assertThat(s.toString())
        .startsWith("ReconSettings{environment=local, region=us-east-1, bucket=bkt, prefix=local")
        .contains("s3Endpoint=http://s3:9000")
        .contains("indexTable=recon-local-index")
        .contains("tenant=acme")
        .endsWith("staticCredentials=true}")
        .doesNotContain("s3cr3t")
        .doesNotContain("t0ken")
        .doesNotContain("AKID");
  }
}
