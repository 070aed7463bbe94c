package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.contract.InputStat;
import dev.recon.core.contract.PartFile;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.watermark.BatchSources;
import dev.recon.core.watermark.SourceStats;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StatelessManifestTest {
  private static PartResult part(
      int i, long accepted, long dups, String reason, long quarantined, InputStat... inputs) {
    PartResult p = new PartResult();
    p.part = i;
    p.accepted = accepted;
    p.duplicates = dups;
    p.keyCount = accepted > 0 ? 1 : 0;
    p.artifactLines = p.keyCount;
    if (quarantined > 0) {
      p.quarantinedByReason.put(reason, quarantined);
    }
    p.inputs.addAll(List.of(inputs));
    p.artifacts =
        new PartFile(
            "stateless/0000000005/artifacts/part-0000" + i + ".jsonl", 10, "aa", p.artifactLines);
    p.keys = new PartFile("stateless/0000000005/keys/part-0000" + i + ".txt", 3, "bb", p.keyCount);
    p.quarantine =
        new PartFile("quarantine/0000000005/part-0000" + i + ".jsonl", 0, "cc", quarantined);
    return p;
  }

  @Test
  void summarize_shouldAddUpPartsInPartOrder_andEncodeCanonically() {
    // GIVEN two parts given out of order
    InputStat a = new InputStat("input/a", 100, 7, true);
    InputStat b = new InputStat("input/b", 50, 1, false);
    List<PartResult> parts =
        List.of(part(1, 2, 1, "BAD_ID", 1, b), part(0, 1, 0, "MALFORMED_JSON", 2, a));
    parts.get(0).sources.put("psp", tally("2026-11-22T10:00:00Z", "2026-11-22T09:00:00Z"));
    parts.get(1).sources.put("psp", tally("2026-11-22T08:00:00.25Z"));
    parts.get(1).sources.put("", tally("2026-11-21T23:00:00Z"));

    // WHEN summarized
    StatelessManifest m = ManifestSummary.summarize(5, 100, parts, List.of(b, a));

    // THEN counts add up (read 8 = 3 accepted + 1 duplicate + 3 quarantined + 1 unreadable object)
    assertThat(m.count(LedgerNames.READ)).isEqualTo(8);
    assertThat(m.count(LedgerNames.ACCEPTED)).isEqualTo(3);
    assertThat(m.count(LedgerNames.QUARANTINED)).isEqualTo(3);
    assertThat(m.count("quarantined.CONFLICTING_DUPLICATE")).isZero();
    assertThat(m.count(StatelessManifest.UNREADABLE_OBJECTS)).isEqualTo(1);
    assertThat(m.balanced()).isFalse(); // 8 != 3 + 1 + 3: made-up parts, and the check sees it
    assertThat(m.artifacts())
        .extracting(PartFile::key)
        .containsExactly(
            "stateless/0000000005/artifacts/part-00000.jsonl",
            "stateless/0000000005/artifacts/part-00001.jsonl");
    assertThat(m.inputKeys()).as("in the plan's order").containsExactly("input/b", "input/a");
    // AND per source: the latest accepted event time over the parts and the sum of their counts
    assertThat(m.sources().bySource())
        .containsExactly(
            java.util.Map.entry("", new SourceStats(Instant.parse("2026-11-21T23:00:00Z"), 1)),
            java.util.Map.entry("psp", new SourceStats(Instant.parse("2026-11-22T10:00:00Z"), 3)));
    assertThat(new String(m.encode(), java.nio.charset.StandardCharsets.UTF_8))
        .contains(
            "\"sources\":[{\"source\":\"\",\"maxEventTime\":\"2026-11-21T23:00:00Z\",\"accepted\":1},"
                + "{\"source\":\"psp\",\"maxEventTime\":\"2026-11-22T10:00:00Z\",\"accepted\":3}]");
    // AND it round-trips through its canonical bytes, which are stable
    assertThat(StatelessManifest.decode(m.encode())).isEqualTo(m);
    assertThat(m.encode()).isEqualTo(StatelessManifest.decode(m.encode()).encode());
  }

  private static SourceTally tally(String... times) {
    SourceTally t = new SourceTally();
    for (String s : times) {
      t.add(Instant.parse(s));
    }
    return t;
  }

  @Test
  void decode_shouldReadNoSources_whenTheManifestPredatesThem() {
    String old =
        "{\"formatVersion\":1,\"statelessBatch\":2,\"partitions\":1,\"chunkEvents\":10,\"counts\":{},"
            + "\"inputs\":[],\"artifacts\":[],\"keys\":[],\"quarantine\":[]}\n";
    assertThat(StatelessManifest.decode(old.getBytes()).sources()).isEqualTo(BatchSources.NONE);
  }

  @Test
  void summarize_shouldFail_whenAPartOrAnInputIsMissing() {
    InputStat a = new InputStat("input/a", 100, 7, true);
    assertThatThrownBy(
            () ->
                ManifestSummary.summarize(
                    5, 100, List.of(part(1, 1, 0, "BAD_ID", 0, a)), List.of(a)))
        .hasMessageContaining("part result");
    assertThatThrownBy(
            () ->
                ManifestSummary.summarize(5, 100, List.of(part(0, 1, 0, "BAD_ID", 0)), List.of(a)))
        .hasMessageContaining("differ from inputs planned");
  }

  @Test
  void decode_shouldRefuse_whenBytesAreNotAManifest() {
    assertThatThrownBy(() -> StatelessManifest.decode("{\"formatVersion\":9}".getBytes()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatelessManifest.decode("nope".getBytes()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            new StatelessManifest(
                    1, 1, 1, List.of(), new TreeMap<>(), List.of(), List.of(), List.of())
                .balanced())
        .isTrue();
  }
}
