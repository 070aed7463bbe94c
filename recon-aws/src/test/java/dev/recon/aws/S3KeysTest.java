package dev.recon.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.error.ReconException;
import org.junit.jupiter.api.Test;

class S3KeysTest {

  @Test
  void normalizePrefix_shouldStripSlashes_whenPrefixHasThem() {
    assertThat(S3Keys.normalizePrefix("/dev/")).isEqualTo("dev");
    assertThat(S3Keys.normalizePrefix(null)).isEmpty();
  }

  @Test
  void toFull_shouldJoinWithSlash_whenPrefixSet() {
    assertThat(S3Keys.toFull("dev", "state/7/part-0.jsonl")).isEqualTo("dev/state/7/part-0.jsonl");
    assertThat(S3Keys.toFull("", "state/7/part-0.jsonl")).isEqualTo("state/7/part-0.jsonl");
  }

  @Test
  void toFull_shouldReject_whenKeyAbsolute() {
    assertThatThrownBy(() -> S3Keys.toFull("dev", "/x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toRelative_shouldStripPrefix_whenKeyUnderPrefix() {
    assertThat(S3Keys.toRelative("dev", "dev/input/a.jsonl")).isEqualTo("input/a.jsonl");
    assertThatThrownBy(() -> S3Keys.toRelative("dev", "devx/a"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toFullPrefix_shouldListWholeEnvironment_whenPrefixEmpty() {
    assertThat(S3Keys.toFullPrefix("dev", "")).isEqualTo("dev/");
    assertThat(S3Keys.toFullPrefix("dev", "state/")).isEqualTo("dev/state/");
  }

  @Test
  void rangeHeader_shouldUseInclusiveLastByte_whenRangeGiven() {
    assertThat(S3Keys.rangeHeader(0, 1)).isEqualTo("bytes=0-0");
    assertThat(S3Keys.rangeHeader(5_242_880, 10)).isEqualTo("bytes=5242880-5242889");
  }

  @Test
  void checkContentRange_shouldPass_whenResponseCoversExactRange() {
    S3Keys.checkContentRange("k", 10, 5, "bytes 10-14/100", 5L);
  }

  @Test
  void checkContentRange_shouldFail_whenObjectShorterThanRange() {
    assertThatThrownBy(() -> S3Keys.checkContentRange("k", 90, 20, "bytes 90-99/100", 10L))
        .isInstanceOf(ReconException.class)
        .hasMessageContaining("expected exactly 20");
  }

  @Test
  void checkContentRange_shouldFail_whenServerIgnoredRange() {
    assertThatThrownBy(() -> S3Keys.checkContentRange("k", 10, 5, null, 100L))
        .isInstanceOf(ReconException.class);
    assertThatThrownBy(() -> S3Keys.checkContentRange("k", 10, 5, "bytes 0-4/100", 5L))
        .isInstanceOf(ReconException.class)
        .hasMessageContaining("bytes 10-14/");
  }
}
