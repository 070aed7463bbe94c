package dev.recon.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StageMetricsTest {
  static StageMetrics sample() {
    EnumMap<IoMetric, Long> io = new EnumMap<>(IoMetric.class);
    io.put(IoMetric.S3_PUT_REQUESTS, 6L);
    io.put(IoMetric.CACHE_HITS, 3L);
    io.put(IoMetric.CACHE_MISSES, 1L);
    return new StageMetrics(
        "prefetch",
        "0000000002",
        100,
        90,
        new TreeMap<>(Map.of("BAD_AMOUNT", 2L, "MALFORMED_JSON", 1L, "LINE_TOO_LONG", 0L)),
        1234,
        new IoCounts(io));
  }

  @Test
  void toLedgerCounts_shouldRoundTrip_whenReadBackFromRecord() {
    StageMetrics m = sample();
    LedgerRecord r =
        LedgerRecord.create(BatchKind.STATEFUL, "0000000002", 2, BatchStatus.SUCCESS, Instant.EPOCH)
            .withCounts(m.toLedgerCounts())
            .withCounts(Map.of("prefetch.keys", 100L));

    assertThat(r.count("metrics.prefetch.eventsIn")).isEqualTo(100);
    assertThat(r.count("metrics.prefetch.quarantined.BAD_AMOUNT")).isEqualTo(2);
    assertThat(r.count("metrics.prefetch.s3PutRequests")).isEqualTo(6);
    assertThat(StageMetrics.fromLedger("prefetch", r)).contains(m);
    assertThat(StageMetrics.fromLedger("process", r)).isEmpty();
    assertThat(StageMetrics.allFromLedger(r)).containsExactly(m);
  }

  @Test
  void toEmf_shouldEmitValidLines_withRatiosAndOneLinePerReason() throws Exception {
    List<String> lines = sample().toEmf("prod", Instant.parse("2026-11-22T10:00:00Z"));

    assertThat(lines).hasSize(3); // main + BAD_AMOUNT + MALFORMED_JSON (the zero reason is dropped)
    JsonNode main = EmfTest.JSON.readTree(lines.get(0));
    EmfTest.assertValidEmf(main);
    assertThat(main.path("Stage").asText()).isEqualTo("prefetch");
    assertThat(main.path("CacheHitRatio").asDouble()).isEqualTo(75.0);
    assertThat(main.path("QuarantineRatio").asDouble()).isEqualTo(3.0);
    assertThat(main.path("S3PutRequests").asLong()).isEqualTo(6);
    assertThat(main.path("Duration").asLong()).isEqualTo(1234);
    JsonNode reason = EmfTest.JSON.readTree(lines.get(1));
    EmfTest.assertValidEmf(reason);
    assertThat(reason.path("Reason").asText()).isEqualTo("BAD_AMOUNT");
    assertThat(reason.path("Quarantined").asLong()).isEqualTo(2);
  }

  @Test
  void toEmf_shouldOmitRatios_whenNothingCameInAndNothingWasLookedUp() throws Exception {
    StageMetrics idle = new StageMetrics("index", "0000000003", 0, 0, null, 5, IoCounts.ZERO);
    JsonNode main = EmfTest.JSON.readTree(idle.toEmf("dev", Instant.EPOCH).get(0));
    EmfTest.assertValidEmf(main);
    assertThat(main.has("CacheHitRatio")).isFalse();
    assertThat(main.has("QuarantineRatio")).isFalse();
  }
}
