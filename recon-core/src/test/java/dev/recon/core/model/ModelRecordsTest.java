package dev.recon.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Small model rules that only the job modules exercised (mutation testing found them unchecked).
 */
class ModelRecordsTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void terminal_shouldBeTrue_exactlyForSuccessFailureAndCanceled() {
    assertThat(BatchStatus.INITIATED.terminal()).isFalse();
    assertThat(BatchStatus.EXECUTING.terminal()).isFalse();
    assertThat(BatchStatus.SUCCESS.terminal()).isTrue();
    assertThat(BatchStatus.FAILURE.terminal()).isTrue();
    assertThat(BatchStatus.CANCELED.terminal()).isTrue();
  }

  @Test
  void withAttributesAndCounts_shouldMergeOverTheExistingOnes() {
    LedgerRecord r =
        LedgerRecord.create(BatchKind.STATELESS, "7", 7, BatchStatus.INITIATED, T)
            .withAttributes(Map.of("a", "1", "b", "2"))
            .withCounts(Map.of("read", 3L));
    LedgerRecord next = r.withAttributes(Map.of("b", "3", "c", "4")).withCounts(Map.of("dup", 1L));
    assertThat(next.attribute("a")).isEqualTo("1");
    assertThat(next.attribute("b")).isEqualTo("3");
    assertThat(next.attribute("c")).isEqualTo("4");
    assertThat(next.attribute("zz")).isNull();
    assertThat(next.count("read")).isEqualTo(3);
    assertThat(next.count("dup")).isEqualTo(1);
    assertThat(next.count("none")).isZero();
    assertThat(r.attribute("c")).as("the original is unchanged").isNull();
    LedgerRecord done = next.withStatus(BatchStatus.SUCCESS, T.plusSeconds(5)).withRevision(9);
    assertThat(done.status()).isEqualTo(BatchStatus.SUCCESS);
    assertThat(done.revision()).isEqualTo(9);
    assertThat(done.attribute("b")).isEqualTo("3");
  }

  @Test
  void sorted_shouldGiveTheAttributesInKeyOrder_andAnEmptyMapForNone() {
    assertThat(Event.sorted(null)).isEmpty();
    assertThat(Event.sorted(Map.of("b", "2", "a", "1")))
        .isInstanceOf(TreeMap.class)
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
  }
}
