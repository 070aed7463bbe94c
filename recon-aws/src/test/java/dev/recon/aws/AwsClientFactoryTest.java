package dev.recon.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.config.ReconSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

class AwsClientFactoryTest {
  private static final ReconSettings LOCAL =
      ReconSettings.builder()
          .s3Endpoint("http://127.0.0.1:1")
          .dynamoDbEndpoint("http://127.0.0.1:2")
          .accessKeyId("local")
          .secretAccessKey("local")
          .apiCallTimeoutMs(1234)
          .apiCallAttemptTimeoutMs(567)
          .maxRetries(3)
          .build();

  @Test
  void overrides_shouldCarryTimeoutsAndRetries_whenBuiltFromSettings() {
    ClientOverrideConfiguration c = AwsClientFactory.overrides(LOCAL);

    assertThat(c.apiCallTimeout()).contains(java.time.Duration.ofMillis(1234));
    assertThat(c.apiCallAttemptTimeout()).contains(java.time.Duration.ofMillis(567));
    assertThat(c.retryStrategy()).hasValueSatisfying(r -> assertThat(r.maxAttempts()).isEqualTo(4));
  }

  @Test
  void artifactCache_shouldBeNoOp_whenNoRedisConfigured() {
    try (AwsClientFactory f = new AwsClientFactory(LOCAL)) {
      assertThat(f.sharedArtifactCache()).isSameAs(NoOpArtifactCache.INSTANCE);
      assertThat(f.artifactCache().getAll(java.util.List.of("a"))).isEmpty();
    }
  }

  @Test
  void close_shouldBeIdempotentAndRefuseNewClients_whenCalledTwice() {
    AwsClientFactory f = new AwsClientFactory(LOCAL);
    f.s3();
    f.close();
    f.close();

    assertThatThrownBy(f::s3).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void serialization_shouldYieldOpenFactory_whenShippedToExecutor() throws Exception {
    AwsClientFactory f = new AwsClientFactory(LOCAL);
    f.close();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(f);
    }
    AwsClientFactory copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (AwsClientFactory) in.readObject();
    }

    try (copy) {
      assertThat(copy.settings().s3Endpoint()).isEqualTo("http://127.0.0.1:1");
      assertThat(copy.s3()).isNotNull();
    }
  }

  @Test
  void buildJedis_shouldRefuse_whenNoRedisConfigured() {
    assertThatThrownBy(() -> AwsClientFactory.buildJedis(LOCAL))
        .isInstanceOf(IllegalStateException.class);
  }
}
