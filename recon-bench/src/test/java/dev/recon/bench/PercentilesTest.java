package dev.recon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void of_shouldUseNearestRank_whenSamplesAreUnsorted() {
    // GIVEN 1..100 shuffled
    double[] s = new double[100];
    for (int i = 0; i < 100; i++) {
      s[i] = (i * 37) % 100 + 1;
    }
    // WHEN / THEN
    assertThat(Percentiles.of(s, 50)).isEqualTo(50);
    assertThat(Percentiles.of(s, 99)).isEqualTo(99);
    assertThat(Percentiles.of(s, 100)).isEqualTo(100);
  }

  @Test
  void of_shouldReturnTheOutlier_whenItIsAboveThe99thRankOfFewSamples() {
    double[] s = {1, 1, 1, 1, 1, 1, 1, 1, 1, 500};
    assertThat(Percentiles.of(s, 50)).isEqualTo(1);
    assertThat(Percentiles.of(s, 99)).isEqualTo(500);
  }

  @Test
  void of_shouldNotReorderTheCallersArray() {
    double[] s = {3, 1, 2};
    Percentiles.of(s, 50);
    assertThat(s).containsExactly(3, 1, 2);
  }

  @Test
  void of_shouldRefuse_whenNoSamplesOrBadPercentile() {
    assertThatThrownBy(() -> Percentiles.of(new double[0], 50))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.of(new double[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.of(new double[] {1}, 101))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
