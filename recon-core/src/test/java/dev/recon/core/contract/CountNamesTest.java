package dev.recon.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A stage's counts as the STATEFUL ledger record holds them. */
class CountNamesTest {
  @Test
  void prefixes_shouldNameEachStagesCountsInTheLedger() {
    assertThat(CountNames.quarantined("BAD_ID")).isEqualTo("quarantined.BAD_ID");
    assertThat(CountNames.process(CountNames.APPLIED)).isEqualTo("process.applied");
    assertThat(CountNames.prefetch(CountNames.FOUND)).isEqualTo("prefetch.found");
    assertThat(CountNames.index(CountNames.WRITTEN)).isEqualTo("index.written");
  }
}
