package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReducerConfigTest {
  @Test
  void outputPartitions_shouldDependOnlyOnInputSizes_weightingGzip() {
    ReducerConfig c =
        ReducerConfig.of(1, List.of("input/b.jsonl", "input/a.jsonl.gz")).withTargetPartBytes(100);
    // sizes in input order: b.jsonl (150), a.jsonl.gz (10 bytes -> 80 estimated)
    // the plan's order is the total order of inputs: kept as given
    assertThat(c.inputs()).containsExactly("input/b.jsonl", "input/a.jsonl.gz");
    assertThat(c.outputPartitions(List.of(150L, 10L))).isEqualTo(3);
    assertThat(c.outputPartitions(List.of(0L, 0L))).isEqualTo(1);
    assertThat(c.withPartitions(7).outputPartitions(List.of(150L, 10L))).isEqualTo(7);
    assertThat(c.outputPartitions(List.of(0L, 1L << 40)))
        .isEqualTo(ReducerConfig.MAX_PARTITIONS_DEFAULT);
  }

  @Test
  void new_shouldRefuseBadInputs() {
    assertThatThrownBy(() -> ReducerConfig.of(0, List.of("input/a"))).hasMessageContaining("batch");
    assertThatThrownBy(() -> ReducerConfig.of(1, List.of())).hasMessageContaining("no input");
    assertThatThrownBy(() -> ReducerConfig.of(1, List.of("input/a", "input/a")))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> ReducerConfig.of(1, List.of("/abs")))
        .hasMessageContaining("bad input key");
    assertThatThrownBy(() -> ReducerConfig.of(1, List.of("input/a")).withChunkEvents(0))
        .hasMessageContaining("chunk");
  }
}
