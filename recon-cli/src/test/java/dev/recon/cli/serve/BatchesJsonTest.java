package dev.recon.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BatchesJsonTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T10:12:30Z"), ZoneOffset.UTC);

  @Test
  void encode_shouldCarryEveryBatchWithStagesCountsAndTimings_whenTheLedgerHasThem() throws Exception {
    // GIVEN
    BatchReport report = BatchReport.read(Batches.readOnly(Batches.seed()), NOW, 1000);

    // WHEN
    JsonNode json = new ObjectMapper().readTree(BatchesJson.encode(report));

    // THEN
    assertThat(json.path("generatedAt").asText()).isEqualTo("2026-11-22T10:12:30Z");
    assertThat(json.at("/inputs/registered").asLong()).isEqualTo(3);
    assertThat(json.at("/inputs/pending").asLong()).isEqualTo(1);
    assertThat(json.at("/stateful/total").asInt()).isEqualTo(3);
    assertThat(json.at("/stateful/batches").findValuesAsText("id")).containsExactly("0000000003", "0000000002", "0000000001");
    JsonNode n2 = json.at("/stateful/batches/1");
    assertThat(n2.path("status").asText()).isEqualTo("EXECUTING");
    assertThat(n2.path("stages").toString()).isEqualTo("{\"prefetch\":\"SUCCESS\",\"process\":\"EXECUTING\",\"index\":null}");
    assertThat(n2.path("durationMs").asLong()).isEqualTo(90_000);
    assertThat(n2.path("finishedAt").isNull()).isTrue();
    JsonNode s1 = json.at("/stateless/batches/1");
    assertThat(s1.path("counts").path("quarantined.BAD_AMOUNT").asLong()).isEqualTo(3);
    assertThat(s1.path("durationMs").asLong()).isEqualTo(75_000);
    assertThat(json.at("/stateful/batches/0/attributes/error").asText()).isEqualTo(Batches.HOSTILE_NOTE);
  }
}
