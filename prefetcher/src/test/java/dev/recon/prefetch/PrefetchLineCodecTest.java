package dev.recon.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.contract.PrefetchLineCodec;
import dev.recon.core.contract.PrefetchedArtifact;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.core.testing.TestArtifacts;
import org.junit.jupiter.api.Test;

class PrefetchLineCodecTest {

  @Test
  void decode_shouldReturnTheArtifactBytesUnchanged_whenALineWasEncoded() throws Exception {
    // GIVEN
    ReconciliationArtifact a =
        TestArtifacts.artifact(new StatelessBatches(1), "order-\"quoted\"", 3, 5);
    byte[] bytes = CanonicalJson.encode(a);
    PrefetchedArtifact p =
        new PrefetchedArtifact(
            a.artifactId(),
            3,
            new ArtifactLocation("state/0000000003/part-00001.jsonl", 17, bytes.length),
            PrefetchedArtifact.Source.STORE,
            bytes);

    // WHEN
    byte[] line = PrefetchLineCodec.encode(p);
    PrefetchedArtifact back = PrefetchLineCodec.decode(line);

    // THEN the line is plain JSON and the artifact bytes come back byte for byte
    assertThat(new ObjectMapper().readTree(line).path("artifact").path("artifactId").asText())
        .isEqualTo(a.artifactId());
    assertThat(back.artifact()).isEqualTo(bytes);
    assertThat(back.location()).isEqualTo(p.location());
    assertThat(back.version()).isEqualTo(3);
    assertThat(back.source()).isEqualTo(PrefetchedArtifact.Source.STORE);
    assertThat(line).doesNotContain((byte) '\n');
  }
}
