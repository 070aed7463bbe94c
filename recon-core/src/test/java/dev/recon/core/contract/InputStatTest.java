package dev.recon.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What one input object gave, as a stateless manifest lists it. */
class InputStatTest {
  @Test
  void accessors_shouldGiveBackTheFields_andToStringShouldDescribeThem() {
    InputStat read = new InputStat("input/2026/11/22/07/a.jsonl", 100, 7, true);
    InputStat unreadable = new InputStat("input/2026/11/22/07/b.jsonl.gz", 50, 1, false);

    assertThat(read.key()).isEqualTo("input/2026/11/22/07/a.jsonl");
    assertThat(read.bytes()).isEqualTo(100);
    assertThat(read.lines()).isEqualTo(7);
    assertThat(read.readable()).isTrue();
    assertThat(unreadable.readable()).isFalse();
    assertThat(read).hasToString("input/2026/11/22/07/a.jsonl (100 bytes, 7 lines)");
    assertThat(unreadable)
        .hasToString("input/2026/11/22/07/b.jsonl.gz (50 bytes, 1 lines, unreadable)");
  }

  @Test
  void equals_shouldHold_onlyWhenEveryFieldIsTheSame() {
    InputStat s = new InputStat("input/a", 100, 7, true);
    List<InputStat> others =
        List.of(
            new InputStat("input/b", 100, 7, true),
            new InputStat("input/a", 101, 7, true),
            new InputStat("input/a", 100, 8, true),
            new InputStat("input/a", 100, 7, false));

    assertThat(s).isEqualTo(new InputStat("input/a", 100, 7, true));
    assertThat(s.hashCode()).isEqualTo(new InputStat("input/a", 100, 7, true).hashCode());
    assertThat(others).allSatisfy(o -> assertThat(s).isNotEqualTo(o));
    assertThat(s).isNotEqualTo("input/a");
    Set<Integer> hashes = new HashSet<>();
    hashes.add(s.hashCode());
    others.forEach(o -> hashes.add(o.hashCode()));
    assertThat(hashes).hasSize(5);
    assertThatThrownBy(() -> new InputStat(null, 1, 1, true)).hasMessage("key");
  }

  @Test
  void compareTo_shouldSortByKeyOnly() {
    InputStat a = new InputStat("input/a", 900, 9, false);
    InputStat b = new InputStat("input/b", 1, 1, true);

    assertThat(a.compareTo(b)).isNegative();
    assertThat(b.compareTo(a)).isPositive();
    assertThat(a.compareTo(new InputStat("input/a", 1, 1, true))).isZero();
  }
}
