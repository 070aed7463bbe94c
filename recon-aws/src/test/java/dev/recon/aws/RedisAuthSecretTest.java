package dev.recon.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.config.ReconSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisAuthSecretTest {
  static final String ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:recon-prod-redis-auth-AbCdEf";

  @Test
  void token_shouldBeTheTokenField_ofTheTemplatesSecretString() {
    assertThat(RedisAuthSecret.token("{\"token\":\"s3cr3tT0ken\"}", ARN)).isEqualTo("s3cr3tT0ken");
  }

  @Test
  void token_shouldRefuseWithoutEchoingTheSecret_whenTheStringIsNotTheExpectedShape() {
    assertThatThrownBy(() -> RedisAuthSecret.token("plain-s3cr3t", ARN))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ARN)
        .hasMessageNotContaining("plain-s3cr3t");
    assertThatThrownBy(() -> RedisAuthSecret.token("{\"password\":\"s3cr3t\"}", ARN))
        .hasMessageContaining("\"token\"")
        .hasMessageNotContaining("s3cr3t\"");
    assertThatThrownBy(() -> RedisAuthSecret.token("{\"token\":42}", ARN))
        .hasMessageContaining("\"token\"");
    assertThatThrownBy(() -> RedisAuthSecret.token("{\"token\":\"  \"}", ARN))
        .hasMessageContaining("\"token\"");
    assertThatThrownBy(() -> RedisAuthSecret.token("", ARN))
        .hasMessageContaining("no secret string");
  }

  @Test
  void settings_shouldCarryTheSecretArn_andNeverPrintIt() {
    ReconSettings s =
        ReconSettings.fromMap(
            Map.of(
                ReconSettings.ENVIRONMENT,
                "prod",
                ReconSettings.REGION,
                "eu-west-1",
                ReconSettings.BUCKET,
                "b",
                ReconSettings.REDIS_URI,
                "rediss://cache:6379",
                ReconSettings.REDIS_AUTH_SECRET_ARN,
                ARN));
    assertThat(s.redisAuthSecretArn()).isEqualTo(ARN);
    assertThat(s.redisAuthToken()).isNull();
    assertThat(s).isNotEqualTo(s.toBuilder().redisAuthSecretArn(null).build());
  }
}
