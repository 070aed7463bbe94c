package dev.recon.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisEndpointTest {

  @Test
  void parse_shouldUsePlainDefaults_whenUriMinimal() {
    RedisEndpoint e = RedisEndpoint.parse("redis://127.0.0.1");

    assertThat(e.tls()).isFalse();
    assertThat(e.host()).isEqualTo("127.0.0.1");
    assertThat(e.port()).isEqualTo(6379);
    assertThat(e.password()).isNull();
    assertThat(e.database()).isZero();
  }

  @Test
  void parse_shouldEnableTls_whenSchemeIsRediss() {
    RedisEndpoint e = RedisEndpoint.parse("rediss://cache.example.internal:6380/2");

    assertThat(e.tls()).isTrue();
    assertThat(e.port()).isEqualTo(6380);
    assertThat(e.database()).isEqualTo(2);
  }

  @Test
  void parse_shouldReadUserAndPassword_whenUserInfoPresent() {
    assertThat(RedisEndpoint.parse("redis://app:s%40cret@h:1").user()).isEqualTo("app");
    assertThat(RedisEndpoint.parse("redis://app:s%40cret@h:1").password()).isEqualTo("s@cret");
    assertThat(RedisEndpoint.parse("redis://token@h:1").password()).isEqualTo("token");
    assertThat(RedisEndpoint.parse("redis://:token@h:1").user()).isNull();
  }

  @Test
  void parse_shouldRejectWithoutLeakingPassword_whenSchemeWrong() {
    assertThatThrownBy(() -> RedisEndpoint.parse("http://u:topsecret@h:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("topsecret");
  }
}
