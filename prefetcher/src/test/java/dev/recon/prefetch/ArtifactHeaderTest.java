package dev.recon.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.prefetch.testing.StatelessBatches;
import dev.recon.prefetch.testing.TestArtifacts;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ArtifactHeaderTest {

  @Test
  void read_shouldReturnIdAndVersion_whenOnlyThePrefixIsGiven() {
    // GIVEN a large artifact cut after 200 bytes
    ReconciliationArtifact a = TestArtifacts.artifact(new StatelessBatches(2), "shipment-7", 12, 300);
    byte[] prefix = Arrays.copyOf(CanonicalJson.encode(a), 200);

    // WHEN
    ArtifactHeader h = ArtifactHeader.read(prefix);

    // THEN
    assertThat(h).isEqualTo(new ArtifactHeader("shipment-7", 12));
  }

  @Test
  void read_shouldFail_whenTheBytesAreNotAnArtifact() {
    // GIVEN the middle of some other line
    byte[] bytes = "\"amount\":\"1.00\"},{".getBytes(StandardCharsets.UTF_8);

    // WHEN / THEN
    assertThatThrownBy(() -> ArtifactHeader.read(bytes)).isInstanceOf(ArtifactHeader.MalformedArtifactException.class);
  }
}
