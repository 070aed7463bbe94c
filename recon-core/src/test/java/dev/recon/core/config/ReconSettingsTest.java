package dev.recon.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Duration;
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
}
