package dev.recon.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineRangesTest {
  @Test
  void of_shouldWriteAscendingRanges_andParseBack() {
    LineRanges r = LineRanges.of(List.of(1L, 2L, 3L, 5L, 7L, 8L, 9L));
    assertThat(r).hasToString("1-3,5,7-9");
    assertThat(LineRanges.parse("1-3,5,7-9")).isEqualTo(r);
    assertThat(r.size()).isEqualTo(7);
    assertThat(r.max()).isEqualTo(9);
  }

  @Test
  void positionAt_andIndexOf_shouldBeInverse_overRandomSets() {
    Random random = new Random(17);
    for (int round = 0; round < 200; round++) {
      List<Long> positions = new ArrayList<>();
      for (long p = 1; p <= 300; p++) {
        if (random.nextInt(3) > 0) {
          positions.add(p);
        }
      }
      LineRanges r = LineRanges.parse(LineRanges.of(positions).toString());
      assertThat(r.size()).isEqualTo(positions.size());
      for (int k = 1; k <= positions.size(); k++) {
        assertThat(r.positionAt(k)).isEqualTo(positions.get(k - 1));
        assertThat(r.indexOf(positions.get(k - 1))).isEqualTo(k);
      }
      for (long p = 1; p <= 301; p++) {
        if (!positions.contains(p)) {
          assertThat(r.indexOf(p)).isEqualTo(-1);
        }
      }
      assertThat(r.positionAt(positions.size() + 1L)).isEqualTo(-1);
      assertThat(r.positionAt(0)).isEqualTo(-1);
    }
  }

  @Test
  void parse_shouldRefuse_whenRangesAreNotAscendingDisjointPositions() {
    for (String bad : List.of("", "0", "3,2", "1-3,3", "4-2", "a", "1,,2", "-1", "1-")) {
      assertThatThrownBy(() -> LineRanges.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
