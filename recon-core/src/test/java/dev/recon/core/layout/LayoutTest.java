package dev.recon.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The object layout of DESIGN §5, checked against the literal keys the contract names (the {@link
 * Layout} javadoc's table), so a writer and its readers can never drift apart.
 */
class LayoutTest {

  @Test
  void seq_shouldPadToTenDigits_whenTheNumberIsZeroOrPositive() {
    assertThat(Layout.seq(0)).isEqualTo("0000000000");
    assertThat(Layout.seq(7)).isEqualTo("0000000007");
    assertThat(Layout.seq(1234567890L)).isEqualTo("1234567890");
    // wider than ten digits: written in full, never cut
    assertThat(Layout.seq(12345678901L)).isEqualTo("12345678901");
  }

  @Test
  void seq_shouldRefuse_whenTheNumberIsNegative() {
    assertThatThrownBy(() -> Layout.seq(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("negative sequence -1");
  }

  @Test
  void part_shouldPadToFiveDigits() {
    assertThat(Layout.part(0)).isEqualTo("part-00000");
    assertThat(Layout.part(42)).isEqualTo("part-00042");
    assertThat(Layout.part(99999)).isEqualTo("part-99999");
  }

  @Test
  void inputKey_shouldNameTheUtcHourOfTheWindowStart_withTheExtensionOfItsCompression() {
    // GIVEN a window start late in the UTC day (a local zone would move it to another date)
    Instant start = Instant.parse("2026-11-22T23:59:59.999Z");

    // WHEN / THEN
    assertThat(Layout.inputKey(start, "b-1", true)).isEqualTo("input/2026/11/22/23/b-1.jsonl.gz");
    assertThat(Layout.inputKey(start, "b-1", false)).isEqualTo("input/2026/11/22/23/b-1.jsonl");
    assertThat(Layout.inputKey(Instant.parse("2027-01-02T03:00:00Z"), "x", false))
        .isEqualTo("input/2027/01/02/03/x.jsonl");
  }

  @Test
  void statelessKeys_shouldFollowTheLayout_whenGivenABatchAndAPart() {
    assertThat(Layout.statelessDir(5)).isEqualTo("stateless/0000000005/");
    assertThat(Layout.statelessArtifacts(5, 1))
        .isEqualTo("stateless/0000000005/artifacts/part-00001.jsonl");
    assertThat(Layout.keyFile(5, 2)).isEqualTo("stateless/0000000005/keys/part-00002.txt");
    assertThat(Layout.statelessExternal(5, 3))
        .isEqualTo("stateless/0000000005/external/part-00003.jsonl");
    assertThat(Layout.statelessManifest(5)).isEqualTo("stateless/0000000005/manifest.json");
  }

  @Test
  void quarantineKeys_shouldFollowTheLayout_forStatelessAndStatefulBatches() {
    assertThat(Layout.quarantineDir(5)).isEqualTo("quarantine/0000000005/");
    assertThat(Layout.quarantine(5, 4)).isEqualTo("quarantine/0000000005/part-00004.jsonl");
    assertThat(Layout.stateQuarantineDir(7)).isEqualTo("quarantine/state-0000000007/");
    assertThat(Layout.stateQuarantineStatementLines(7))
        .isEqualTo("quarantine/state-0000000007/statement-lines.jsonl");
  }

  @Test
  void statefulKeys_shouldFollowTheLayout_forPrefetchStateAndMatch() {
    assertThat(Layout.prefetchDir(7)).isEqualTo("prefetch/0000000007/");
    assertThat(Layout.prefetch(7, 0)).isEqualTo("prefetch/0000000007/part-00000.jsonl");
    assertThat(Layout.prefetchManifest(7)).isEqualTo("prefetch/0000000007/manifest.json");
    assertThat(Layout.stateDir(7)).isEqualTo("state/0000000007/");
    assertThat(Layout.statePart(7, 12)).isEqualTo("state/0000000007/part-00012.jsonl");
    assertThat(Layout.stateManifest(7)).isEqualTo("state/0000000007/manifest.json");
    assertThat(Layout.matchDir(7)).isEqualTo("match/0000000007/");
    assertThat(Layout.matchState(7)).isEqualTo("match/0000000007/state.json");
    assertThat(Layout.matchResults(7)).isEqualTo("match/0000000007/results.jsonl");
    assertThat(Layout.matchManifest(7)).isEqualTo("match/0000000007/manifest.json");
    assertThat(Layout.matchLatest()).isEqualTo("match/latest.txt");
  }

  @Test
  void matchInstructions_shouldBeAnInputOfTheEarliestHour_andBeRecognised() {
    // GIVEN
    String key = Layout.matchInstructions(Instant.parse("2026-11-22T07:45:00Z"), 7);

    // THEN
    assertThat(key).isEqualTo("input/2026/11/22/07/recon-match-0000000007.jsonl");
    assertThat(Layout.isMatchInstructions(key)).isTrue();
    assertThat(Layout.isManualInstructions(key)).isFalse();
  }

  @Test
  void manualInstructions_shouldBeAnInputOfTheHour_andBeRecognised() {
    // GIVEN
    String key = Layout.manualInstructions(Instant.parse("2026-11-22T08:05:00Z"), "op-1");

    // THEN
    assertThat(key).isEqualTo("input/2026/11/22/08/recon-manual-op-1.jsonl");
    assertThat(Layout.isManualInstructions(key)).isTrue();
    assertThat(Layout.isMatchInstructions(key)).isFalse();
  }

  @Test
  void isInstructions_shouldLookAtTheFileNameOnly_notAtTheFoldersOrTheMiddleOfTheName() {
    // a producer's file whose name merely contains the prefix is no instructions object
    assertThat(Layout.isMatchInstructions("input/2026/11/22/07/b-recon-match-1.jsonl")).isFalse();
    assertThat(Layout.isManualInstructions("input/2026/11/22/07/b-recon-manual-1.jsonl")).isFalse();
    // nor is a file under a folder named like one
    assertThat(Layout.isMatchInstructions("input/recon-match-1/b.jsonl")).isFalse();
    assertThat(Layout.isManualInstructions("input/recon-manual-1/b.jsonl")).isFalse();
    // a bare file name (no folder) is judged by its name
    assertThat(Layout.isMatchInstructions("recon-match-0000000001.jsonl")).isTrue();
    assertThat(Layout.isManualInstructions("recon-manual-x.jsonl")).isTrue();
  }

  @Test
  void ledgerNames_shouldPrefixStagesAndMetrics() {
    assertThat(LedgerNames.stage(LedgerNames.STAGE_PREFETCH)).isEqualTo("stage.prefetch");
    assertThat(LedgerNames.stage("index")).isEqualTo("stage.index");
    assertThat(LedgerNames.metrics(LedgerNames.STAGE_REDUCE)).isEqualTo("metrics.reduce.");
    assertThat(LedgerNames.metrics("process") + "keys").isEqualTo("metrics.process.keys");
  }
}
