package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.contract.InputStat;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.model.Side;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartWriterTest {
  @TempDir Path dir;

  private static List<ReducerRow> rows() {
    List<ReducerRow> rows = new ArrayList<>();
    rows.add(ReducerRow.readStats("input/a", 10, 5, true));
    rows.add(ReducerRow.duplicates(2, 0));
    rows.add(
        ReducerRow.quarantine(
            new QuarantineRecord("input/a", 3, "{x", 2, QuarantineReason.MALFORMED_JSON, "d")));
    rows.add(
        Rows.row(
                Rows.event("e1", "k1", "2026-11-01T10:00:00Z", Side.DEBIT, "1", "USD"),
                "input/a",
                1)
            .withoutRaw());
    rows.add(
        Rows.row(
                Rows.event("e2", "k1", "2026-11-01T11:00:00Z", Side.CREDIT, "2", "USD"),
                "input/a",
                2)
            .withoutRaw());
    rows.add(
        Rows.row(
                Rows.event("e3", "k2", "2026-11-01T10:00:00Z", Side.DEBIT, "3", "EUR"),
                "input/a",
                4)
            .withoutRaw());
    rows.sort((x, y) -> ShuffleKeys.outputKey(x, 1).compareTo(ShuffleKeys.outputKey(y, 1)));
    return rows;
  }

  @Test
  void write_shouldWriteNewlineTerminatedLinesWithExactSizesAndChecksums_andCountEverything()
      throws Exception {
    // WHEN one partition's rows are written with chunks of 1 event
    PartWriter.LocalPart p = PartWriter.write(rows().iterator(), 7, 2, 1, dir);

    // THEN three files, newline-terminated, with the reported sizes and sha256, and the counts
    String artifacts = Files.readString(p.artifacts());
    assertThat(artifacts.lines())
        .hasSize(3)
        .allSatisfy(l -> assertThat(l).startsWith("{\"artifactId\":"));
    assertThat(artifacts).endsWith("\n");
    assertThat(Files.readString(p.keys())).isEqualTo("k1\nk2\n");
    assertThat(Files.readString(p.quarantine()))
        .startsWith("{\"inputObject\":\"input/a\",\"lineNumber\":3")
        .endsWith("\n");
    PartResult r = p.result();
    assertThat(r.artifacts.key()).isEqualTo("stateless/0000000007/artifacts/part-00002.jsonl");
    assertThat(r.keys.key()).isEqualTo("stateless/0000000007/keys/part-00002.txt");
    assertThat(r.quarantine.key()).isEqualTo("quarantine/0000000007/part-00002.jsonl");
    assertThat(r.artifacts.bytes()).isEqualTo(Files.size(p.artifacts()));
    assertThat(r.artifacts.sha256()).isEqualTo(sha256(p.artifacts()));
    assertThat(r.accepted).isEqualTo(3);
    assertThat(r.keyCount).isEqualTo(2);
    assertThat(r.artifactLines).isEqualTo(3);
    assertThat(r.duplicates).isEqualTo(2);
    assertThat(r.quarantinedByReason).containsEntry("MALFORMED_JSON", 1L);
    assertThat(r.inputs).containsExactly(new InputStat("input/a", 10, 5, true));
  }

  @Test
  void write_shouldWriteTheSameBytes_whenRunTwice() throws IOException {
    PartWriter.LocalPart a = PartWriter.write(rows().iterator(), 7, 0, 2, dir);
    PartWriter.LocalPart b = PartWriter.write(rows().iterator(), 7, 0, 2, dir);
    assertThat(Files.readAllBytes(a.artifacts())).isEqualTo(Files.readAllBytes(b.artifacts()));
    assertThat(a.result().artifacts).isEqualTo(b.result().artifacts);
  }

  @Test
  void write_shouldWriteEmptyFiles_whenThePartitionIsEmpty() throws IOException {
    PartWriter.LocalPart p = PartWriter.write(List.<ReducerRow>of().iterator(), 1, 0, 10, dir);
    assertThat(Files.size(p.artifacts())).isZero();
    assertThat(p.result().artifacts.sha256())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  private static String sha256(Path f) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
