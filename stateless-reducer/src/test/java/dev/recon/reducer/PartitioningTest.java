package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitioningTest {
  @Test
  void partitionOf_shouldBeStableAndSpread_whenIdsAreSimilar() {
    // GIVEN 8,000 similar ids and 8 partitions
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 0; i < 8000; i++) {
      counts.merge(Partitioning.partitionOf("order-" + i, 8), 1, Integer::sum);
    }
    // THEN every partition gets a fair share, and the function is fixed (a rerun places keys alike)
    assertThat(counts).hasSize(8);
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(800, 1200));
    assertThat(Partitioning.partitionOf("order-1", 8))
        .isEqualTo(Partitioning.partitionOf("order-1", 8));
    assertThat(Partitioning.partitionOf("order-1", 1)).isZero();
  }
}
