package dev.recon.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BatchesJsonTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-11-22T10:12:30Z"), ZoneOffset.UTC);

  @Test
  void encode_shouldCarryEveryBatchWithStagesCountsAndTimings_whenTheLedgerHasThem()
      throws Exception {
    // GIVEN
    BatchReport report = BatchReport.read(Batches.readOnly(Batches.seed()), NOW, 1000);

    // WHEN
    JsonNode json = new ObjectMapper().readTree(BatchesJson.encode(report));

    // THEN
    assertThat(json.path("generatedAt").asText()).isEqualTo("2026-11-22T10:12:30Z");
    assertThat(json.at("/inputs/registered").asLong()).isEqualTo(3);
    assertThat(json.at("/inputs/pending").asLong()).isEqualTo(1);
    assertThat(json.at("/stateful/total").asInt()).isEqualTo(3);
    assertThat(json.at("/stateful/batches").findValuesAsText("id"))
        .containsExactly("0000000003", "0000000002", "0000000001");
    JsonNode n2 = json.at("/stateful/batches/1");
    assertThat(n2.path("status").asText()).isEqualTo("EXECUTING");
    assertThat(n2.path("stages").toString())
        .isEqualTo("{\"prefetch\":\"SUCCESS\",\"process\":\"EXECUTING\",\"index\":null}");
    assertThat(n2.path("durationMs").asLong()).isEqualTo(90_000);
    assertThat(n2.path("finishedAt").isNull()).isTrue();
    JsonNode s1 = json.at("/stateless/batches/1");
    assertThat(s1.path("counts").path("quarantined.BAD_AMOUNT").asLong()).isEqualTo(3);
    assertThat(s1.path("durationMs").asLong()).isEqualTo(75_000);
    assertThat(json.at("/stateful/batches/0/attributes/error").asText())
        .isEqualTo(Batches.HOSTILE_NOTE);
  }

  @Test
  void encode_shouldCarryTheCostEachFinishedBatchRecorded() throws Exception {
    JsonNode json =
        new ObjectMapper()
            .readTree(
                BatchesJson.encode(BatchReport.read(Batches.readOnly(Batches.seed()), NOW, 1000)));

    // stateless 1: 7 PUTs × $0.000005 + 3 GETs × $0.0000004 = $0.0000362; the reducer's 74.5 s on
    // the $1.2005/h cluster = $0.02484368055… → 0.0248436806; in all $0.0248798806
    JsonNode s1 = json.at("/stateless/batches/1");
    assertThat(s1.path("tenant").asText()).isEqualTo("default");
    assertThat(s1.path("costUsd").asText()).isEqualTo("0.0248798806");
    assertThat(s1.at("/cost/s3").asText()).isEqualTo("0.0000362000");
    assertThat(s1.at("/cost/emr").asText()).isEqualTo("0.0248436806");
    assertThat(s1.at("/cost/priceTable").asText()).endsWith("2024-11-01");
    // a batch still running has recorded none
    assertThat(json.at("/stateless/batches/0/costUsd").isNull()).isTrue();
    assertThat(json.at("/stateless/batches/0/cost").isNull()).isTrue();
  }

  @Test
  void encode_shouldCarryStageMetricsAndBacklog_whenStagesRecordedThem() throws Exception {
    // GIVEN stateless 1 with the reducer's metrics, stateful 1 with the prefetcher's, inputs not
    // yet reflected
    BatchReport report = BatchReport.read(Batches.readOnly(Batches.seed()), NOW, 1000);

    // WHEN
    JsonNode json = new ObjectMapper().readTree(BatchesJson.encode(report));

    // THEN
    JsonNode reduce = json.at("/stateless/batches/1/metrics/reduce");
    assertThat(reduce.path("eventsIn").asLong()).isEqualTo(1000);
    assertThat(reduce.path("eventsOut").asLong()).isEqualTo(990);
    assertThat(reduce.path("quarantined").asLong()).isEqualTo(4);
    assertThat(reduce.path("quarantinedByReason").path("BAD_AMOUNT").asLong()).isEqualTo(3);
    assertThat(reduce.path("quarantinedByReason").path(Batches.HOSTILE_REASON).asLong())
        .isEqualTo(1);
    assertThat(reduce.path("s3PutRequests").asLong()).isEqualTo(7);
    assertThat(reduce.path("durationMs").asLong()).isEqualTo(74_500);
    assertThat(reduce.path("cacheHitRatio").isNull()).isTrue();
    JsonNode prefetch = json.at("/stateful/batches/2/metrics/prefetch");
    assertThat(prefetch.path("cacheHitRatio").asDouble()).isEqualTo(0.75);
    assertThat(prefetch.path("dynamoDbReads").asLong()).isEqualTo(120);
    assertThat(json.at("/stateful/batches/0/metrics").isEmpty()).isTrue();
    // the three inputs have no stateless batch recorded: all wait, the oldest since T0
    assertThat(json.at("/backlog/inputs").asLong()).isEqualTo(3);
    assertThat(json.at("/backlog/ageSeconds").asLong()).isPositive();
  }
}
