package dev.recon.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.contract.PrefetchLineCodec;
import dev.recon.core.contract.PrefetchedArtifact;
import dev.recon.core.io.PartLineScanner;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.rules.StatelessReducer;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.core.testing.TestArtifacts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadInputsTest {
  private final StatelessBatches gen = new StatelessBatches(8);

  private static PartLineScanner.ScannedLine line(long number, long offset, byte[] bytes) {
    return new PartLineScanner.ScannedLine(number, offset, bytes.length, bytes);
  }

  @Test
  void inFlightToContribution_shouldCarryTheLinesLocationAndVersion_whenAStateLineIsRead() {
    // GIVEN line 3 of an in-flight part-file at byte 812
    ReconciliationArtifact a = TestArtifacts.artifact(gen, "order-1", 6, 2);
    byte[] bytes = CanonicalJson.encode(a);

    // WHEN
    Contribution c =
        ReadInputs.InFlightPart.toContribution(
            "state/0000000006/part-00002.jsonl", line(3, 812, bytes));

    // THEN
    assertThat(c.kind).isEqualTo(Contribution.PRIOR);
    assertThat(c.origin).isEqualTo(Contribution.ORIGIN_IN_FLIGHT);
    assertThat(c.artifactId).isEqualTo("order-1");
    assertThat(c.sequence).isEqualTo(6);
    assertThat(new ArtifactLocation(c.source, c.offset, c.length))
        .isEqualTo(new ArtifactLocation("state/0000000006/part-00002.jsonl", 812, bytes.length));
  }

  @Test
  void prefetchToContribution_shouldUseTheIndexLocation_whenAPrefetchLineIsRead() {
    // GIVEN a prefetched artifact located by its index entry
    ReconciliationArtifact a = TestArtifacts.artifact(gen, "order-2", 4, 1);
    byte[] bytes = CanonicalJson.encode(a);
    ArtifactLocation where =
        new ArtifactLocation("state/0000000004/part-00000.jsonl", 0, bytes.length);
    byte[] prefetchLine =
        PrefetchLineCodec.encode(
            new PrefetchedArtifact("order-2", 4, where, PrefetchedArtifact.Source.CACHE, bytes));

    // WHEN
    Contribution c = ReadInputs.PrefetchPart.toContribution(line(1, 0, prefetchLine));

    // THEN the artifact bytes, not the prefetch line, are carried, with the index location
    assertThat(c.bytes).isEqualTo(bytes);
    assertThat(new ArtifactLocation(c.source, c.offset, c.length)).isEqualTo(where);
    assertThat(c.origin).isEqualTo(Contribution.ORIGIN_PREFETCH);
  }

  @Test
  void statelessToContribution_shouldKeepFileAndLine_whenAStatelessLineIsRead() {
    // GIVEN line 5 of a stateless part-file
    byte[] bytes =
        CanonicalJson.encode(StatelessReducer.reduce("order-3", 9, List.of(gen.event("order-3"))));

    // WHEN
    Contribution c =
        ReadInputs.StatelessPart.toContribution(
            9, "stateless/0000000009/artifacts/part-00001.jsonl", line(5, 400, bytes));

    // THEN
    assertThat(c.kind).isEqualTo(Contribution.STATELESS);
    assertThat(c.artifactId).isEqualTo("order-3");
    assertThat(c.sequence).isEqualTo(9);
    assertThat(c.line).isEqualTo(5);
    assertThat(c.source).isEqualTo("stateless/0000000009/artifacts/part-00001.jsonl");
  }
}
