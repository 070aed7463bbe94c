package dev.recon.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.rules.ArtifactMerger;
import dev.recon.core.rules.StatelessReducer;
import dev.recon.core.testing.EventGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactHeaderTest {

  @Test
  void read_shouldReturnIdAndVersion_whenOnlyThePrefixIsGiven() {
    // GIVEN a large artifact cut after 200 bytes
    EventGenerator gen = new EventGenerator(2);
    List<dev.recon.core.model.Event> events = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      events.add(gen.event("shipment-7"));
    }
    ReconciliationArtifact a =
        new ArtifactMerger(RulesConfig.DEFAULTS)
            .merge(
                null,
                null,
                List.of(StatelessReducer.reduce("shipment-7", 12, events)),
                12,
                Instant.parse("2026-11-22T00:00:00Z"))
            .artifact();
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
    assertThatThrownBy(() -> ArtifactHeader.read(bytes))
        .isInstanceOf(ArtifactHeader.MalformedArtifactException.class);
  }
}
