package dev.recon.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.port.CachedArtifact;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CacheValuesTest {

  @Test
  void encode_shouldPrefixBigEndianVersion_whenEncodingBytes() {
    byte[] value = CacheValues.encode(0x0102030405060708L, "ab".getBytes(StandardCharsets.UTF_8));

    assertThat(value).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 'a', 'b');
  }

  @Test
  void decode_shouldRoundTrip_whenValueWasEncoded() {
    byte[] bytes = "{\"artifactId\":\"order-1\"}\n".getBytes(StandardCharsets.UTF_8);

    CachedArtifact decoded = CacheValues.decode("order-1", CacheValues.encode(42, bytes));

    assertThat(decoded.artifactId()).isEqualTo("order-1");
    assertThat(decoded.version()).isEqualTo(42);
    assertThat(decoded.bytes()).isEqualTo(bytes);
  }

  @Test
  void decode_shouldKeepEmptyPayload_whenOnlyVersionStored() {
    CachedArtifact decoded =
        CacheValues.decode("a", CacheValues.encode(Long.MAX_VALUE, new byte[0]));

    assertThat(decoded.version()).isEqualTo(Long.MAX_VALUE);
    assertThat(decoded.bytes()).isEmpty();
  }

  @Test
  void decode_shouldReturnNull_whenValueShorterThanVersionTag() {
    assertThat(CacheValues.decode("a", new byte[] {1, 2, 3})).isNull();
  }

  @Test
  void keyPrefix_shouldNamespaceByEnvironment_whenNamespaceGiven() {
    assertThat(CacheValues.keyPrefix("prod")).isEqualTo("prod:artifact:");
    assertThat(CacheValues.keyPrefix("")).isEqualTo("artifact:");
  }
}
