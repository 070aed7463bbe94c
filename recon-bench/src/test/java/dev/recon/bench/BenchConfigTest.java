package dev.recon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.model.Event;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchConfigTest {

  @Test
  void defaults_shouldBeIssue7Sizes() {
    BenchConfig d = BenchConfig.defaults(Path.of("w"));
    assertThat(d.cycleEvents()).isEqualTo(2_000_000);
    assertThat(d.cycleKeys()).isEqualTo(200_000);
    assertThat(d.historyKeys()).isEqualTo(100_000);
    assertThat(d.historyBatchEvents()).isEqualTo(200_000);
  }

  @Test
  void constructor_shouldRefuse_whenTheHistoryBatchTouchesUnstoredKeys() {
    assertThatThrownBy(() -> new BenchConfig(10, 5, 10, 50, 20, 1, 5, 1, 1, 1, 1, 1, Path.of("w")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stored keys");
    assertThatThrownBy(() -> new BenchConfig(10, 5, 10, 50, 5, 1, 5, 0, 1, 1, 1, 1, Path.of("w")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lookups");
    assertThatThrownBy(() -> new BenchConfig(10, 5, 10, 50, 5, 0, 5, 1, 1, 1, 1, 1, Path.of("w")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("historyRounds");
  }

  @Test
  void median_shouldTakeTheMiddleRound_orTheMeanOfTheTwoMiddleOnes() {
    assertThat(Bench.median(new double[] {9.0, 1.0, 2.0})).isEqualTo(2.0);
    assertThat(Bench.median(new double[] {4.0, 1.0, 2.0, 9.0})).isEqualTo(3.0);
    assertThat(Bench.median(new double[] {5.0})).isEqualTo(5.0);
  }

  @Test
  void generator_shouldBeDeterministicAndSpreadEventsOverKeys() {
    Event a = EventGenerator.event("t", 7, 12, 5);
    assertThat(EventGenerator.event("t", 7, 12, 5)).isEqualTo(a);
    assertThat(a.artifactId()).isEqualTo(EventGenerator.key(2));
    assertThat(EventGenerator.event("t", 7, 13, 5).eventId()).isNotEqualTo(a.eventId());
  }
}
