package dev.recon.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One part-file as a stateless manifest lists it, as it travels back from executors. */
class PartFileTest {
  private static final String KEY = "stateless/0000000005/artifacts/part-00001.jsonl";

  @Test
  void accessors_shouldGiveBackTheFields_andToStringShouldDescribeThem() {
    PartFile p = new PartFile(KEY, 300, "ab12", 3);

    assertThat(p.key()).isEqualTo(KEY);
    assertThat(p.bytes()).isEqualTo(300);
    assertThat(p.sha256()).isEqualTo("ab12");
    assertThat(p.records()).isEqualTo(3);
    assertThat(p)
        .hasToString(
            "stateless/0000000005/artifacts/part-00001.jsonl (300 bytes, 3 lines, sha256 ab12)");
  }

  @Test
  void equals_shouldHold_onlyWhenEveryFieldIsTheSame() {
    PartFile p = new PartFile(KEY, 300, "ab12", 3);
    List<PartFile> others =
        List.of(
            new PartFile(KEY + ".x", 300, "ab12", 3),
            new PartFile(KEY, 301, "ab12", 3),
            new PartFile(KEY, 300, "ab13", 3),
            new PartFile(KEY, 300, "ab12", 4));

    assertThat(p).isEqualTo(new PartFile(KEY, 300, "ab12", 3));
    assertThat(p.hashCode()).isEqualTo(new PartFile(KEY, 300, "ab12", 3).hashCode());
    assertThat(others).allSatisfy(o -> assertThat(p).isNotEqualTo(o));
    assertThat(p).isNotEqualTo(KEY);
    // the hash tells these five apart
    Set<Integer> hashes = new HashSet<>();
    hashes.add(p.hashCode());
    others.forEach(o -> hashes.add(o.hashCode()));
    assertThat(hashes).hasSize(5);
  }

  @Test
  void new_shouldRefuse_whenTheKeyOrChecksumIsMissing() {
    assertThatThrownBy(() -> new PartFile(null, 1, "ab", 1)).hasMessage("key");
    assertThatThrownBy(() -> new PartFile(KEY, 1, null, 1)).hasMessage("sha256");
  }
}
