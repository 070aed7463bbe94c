package dev.recon.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchStatusTest {

  @Test
  void parse_shouldReturnTheStatus_whenTheAttributeHoldsItsName() {
    for (BatchStatus s : BatchStatus.values()) {
      assertThat(BatchStatus.parse(s.name())).isEqualTo(s);
    }
  }

  @Test
  void parse_shouldReturnNull_whenTheAttributeHoldsNoStatus() {
    assertThat(BatchStatus.parse(null)).isNull();
    assertThat(BatchStatus.parse("")).isNull();
    assertThat(BatchStatus.parse("success")).isNull();
    assertThat(BatchStatus.parse("SKIPPED")).isNull();
  }
}
