package dev.recon.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class LedgerItemsTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void toItem_shouldStoreEveryField_whenMappingRecord() {
    LedgerRecord r =
        LedgerRecord.create(BatchKind.STATELESS, "S-000007", 7, BatchStatus.EXECUTING, T0)
            .withCounts(Map.of("read", 10L, "accepted", 9L))
            .withAttributes(Map.of("windowEnd", "2026-11-22T11:00:00Z"));

    Map<String, AttributeValue> item = LedgerItems.toItem(r, 4);

    assertThat(item.get("kind").s()).isEqualTo("STATELESS");
    assertThat(item.get("id").s()).isEqualTo("S-000007");
    assertThat(item.get("sequence").n()).isEqualTo("7");
    assertThat(item.get("status").s()).isEqualTo("EXECUTING");
    assertThat(item.get("createdAt").s()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(item.get("counts").m().get("read").n()).isEqualTo("10");
    assertThat(item.get("attributes").m().get("windowEnd").s()).isEqualTo("2026-11-22T11:00:00Z");
    assertThat(item.get("revision").n()).isEqualTo("4");
  }

  @Test
  void fromItem_shouldRoundTrip_whenItemWasMapped() {
    LedgerRecord r =
        LedgerRecord.create(
                BatchKind.INPUT, "input/2026/11/22/10/b1.jsonl", 1, BatchStatus.SUCCESS, T0)
            .withStatus(BatchStatus.SUCCESS, T0.plusSeconds(5))
            .withCounts(Map.of("lines", 3L))
            .withAttributes(Map.of("empty", ""))
            .withRevision(2);

    assertThat(LedgerItems.fromItem(LedgerItems.toItem(r, r.revision()))).isEqualTo(r);
  }

  @Test
  void fromItem_shouldReadEmptyMaps_whenCounterItemHasNone() {
    Map<String, AttributeValue> counter =
        Map.of(
            "kind", AttributeValue.fromS("COUNTER"),
            "id", AttributeValue.fromS("stateful"),
            "sequence", AttributeValue.fromN("12"),
            "status", AttributeValue.fromS("SUCCESS"),
            "createdAt", AttributeValue.fromS(T0.toString()),
            "updatedAt", AttributeValue.fromS(T0.toString()),
            "revision", AttributeValue.fromN("12"));

    LedgerRecord r = LedgerItems.fromItem(counter);

    assertThat(r.sequence()).isEqualTo(12);
    assertThat(r.counts()).isEmpty();
    assertThat(r.attributes()).isEmpty();
  }
}
