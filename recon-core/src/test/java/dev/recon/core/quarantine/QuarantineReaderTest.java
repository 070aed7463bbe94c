package dev.recon.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.testing.InMemoryObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class QuarantineReaderTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();

  private static byte[] lines(QuarantineRecord... records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (QuarantineRecord q : records) {
      out.writeBytes(CanonicalJson.encode(q));
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static QuarantineRecord q(String input, long line, String raw) {
    return new QuarantineRecord(
        input, line, raw, raw.length(), QuarantineReason.MALFORMED_JSON, "d" + line);
  }

  @Test
  void reader_shouldNumberRecordsOverPartFilesInKeyOrder_andSkipOtherBatches() {
    store.put(Layout.quarantine(3, 1), lines(q("b", 1, "x"), q("b", 7, "y")));
    store.put(Layout.quarantine(3, 0), lines(q("a", 2, "z")));
    store.put(Layout.quarantine(3, 2), new byte[0]);
    store.put(Layout.quarantine(30, 0), lines(q("c", 1, "other batch")));

    List<String> seen = new ArrayList<>();
    try (QuarantineReader r = new QuarantineReader(store, 3)) {
      r.forEachRemaining(
          p ->
              seen.add(
                  p.position() + ":" + p.record().inputObject() + ":" + p.record().lineNumber()));
    }

    assertThat(seen).containsExactly("1:a:2", "2:b:1", "3:b:7");
  }

  @Test
  void inputLines_shouldGiveExactBytes_dropCrAndBom_andReadGzip() throws IOException {
    byte[] bad = {'{', (byte) 0xE9, '}'};
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    plain.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    plain.writeBytes("one\r\n".getBytes(StandardCharsets.UTF_8));
    plain.writeBytes(bad);
    plain.writeBytes("\nthree".getBytes(StandardCharsets.UTF_8));
    store.put("input/x.jsonl", plain.toByteArray());
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
      g.write(plain.toByteArray());
    }
    store.put("input/x.jsonl.gz", gz.toByteArray());

    try (InputLines lines = new InputLines(store)) {
      for (String key : List.of("input/x.jsonl", "input/x.jsonl.gz")) {
        assertThat(lines.line(key, 2)).isEqualTo(bad);
        assertThat(lines.line(key, 3)).isEqualTo("three".getBytes(StandardCharsets.UTF_8));
        assertThat(lines.line(key, 1)).isEqualTo("one".getBytes(StandardCharsets.UTF_8));
        assertThat(lines.line(key, 4)).isNull();
      }
    }
  }

  @Test
  void redriveOf_shouldMapLinesToPositions_withAndWithoutRanges() {
    RedriveOf all = new RedriveOf(4, null);
    assertThat(all.positionOf(3)).isEqualTo(3);
    assertThat(all.lineFor(3)).isEqualTo(3);
    RedriveOf some =
        RedriveOf.fromMetadata(
                java.util.Map.of(Layout.META_REDRIVE_OF, "4", Layout.META_REDRIVE_LINES, "2,5-6"))
            .orElseThrow();
    assertThat(some.positionOf(1)).isEqualTo(2);
    assertThat(some.positionOf(3)).isEqualTo(6);
    assertThat(some.lineFor(5)).isEqualTo(2);
    assertThat(some.lineFor(3)).isEqualTo(-1);
    assertThat(RedriveOf.fromAttributes(some.attributes())).contains(some);
    assertThat(RedriveOf.fromMetadata(java.util.Map.of())).isEmpty();
  }
}
