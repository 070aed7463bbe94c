package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatelessReducerMainTest {
  @Test
  void parse_shouldReadEveryOption() {
    StatelessReducerMain.Args a =
        StatelessReducerMain.parse(
            new String[] {
              "--batch",
              "12",
              "--inputs",
              "input/a, input/b",
              "--input",
              "input/c",
              "--chunk-events",
              "500",
              "--partitions",
              "6",
              "--target-part-bytes",
              "1000",
              "--max-object-bytes",
              "2000"
            });
    assertThat(a.batch()).isEqualTo(12);
    assertThat(a.inputs()).containsExactly("input/a", "input/b", "input/c");
    ReducerConfig c = a.config(a.inputs());
    assertThat(c.chunkEvents()).isEqualTo(500);
    assertThat(c.partitions()).isEqualTo(6);
    assertThat(c.targetPartBytes()).isEqualTo(1000);
    assertThat(c.maxObjectBytes()).isEqualTo(2000);
  }

  @Test
  void parse_shouldDefaultToTheLedgersPlan_whenOnlyTheBatchIsGiven() {
    StatelessReducerMain.Args a = StatelessReducerMain.parse(new String[] {"--batch", "3"});
    assertThat(a.inputs()).isEmpty();
    assertThat(a.config(java.util.List.of("input/x")).chunkEvents())
        .isEqualTo(ReducerConfig.CHUNK_EVENTS_DEFAULT);
  }

  @Test
  void parse_shouldRefuseBadArguments() {
    assertThatThrownBy(() -> StatelessReducerMain.parse(new String[] {}))
        .hasMessageContaining("--batch is required");
    assertThatThrownBy(() -> StatelessReducerMain.parse(new String[] {"--batch", "x"}))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> StatelessReducerMain.parse(new String[] {"--batch", "-1"}))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> StatelessReducerMain.parse(new String[] {"--batch"}))
        .hasMessageContaining("missing value");
    assertThatThrownBy(
            () -> StatelessReducerMain.parse(new String[] {"--batch", "1", "--nope", "1"}))
        .hasMessageContaining("unknown option");
  }
}
